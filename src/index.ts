export { lint, type LintOptions } from './lint.js';
export { classifyMention, type Assertion } from './context/context.js';
export { rules, ruleById } from './rules/index.js';
export { ruleReference } from './rules/reference.js';
export { validateConfig, readConfigFile, ConfigError, type Config } from './config.js';
export { parseClaim, claimFromFlags, readClaimFile, ClaimError } from './claim/parse.js';
export { auditRecord, recordExcerpts, type AuditRecordOptions, type AuditRow, type ErrorRow } from './audit/task.js';
export { writeReports, type WriteReportsOptions, type AuditSummary } from './audit/finalize.js';
export type * from './types.js';

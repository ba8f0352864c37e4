export { lint, type LintOptions } from './lint.js';
export { classifyMention, type Assertion } from './context/context.js';
export { rules, ruleById } from './rules/index.js';
export { ruleReference } from './rules/reference.js';
export { validateConfig, readConfigFile, ConfigError, type Config } from './config.js';
export { parseClaim, claimFromFlags, readClaimFile, ClaimError } from './claim/parse.js';
export { auditRecord, type AuditRecordOptions } from './audit/record.js';
export type { AuditRow, ErrorRow } from './audit/task.js';
export type * from './types.js';

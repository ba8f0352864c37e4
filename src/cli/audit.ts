import type { Command } from 'commander';
// placeholder until the audit command lands (issue 6); replaced by the audit module
export function registerAudit(_program: Command): void {}

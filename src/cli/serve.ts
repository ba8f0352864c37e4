import type { Command } from 'commander';
// placeholder until the serve command lands (issue 7); replaced by the service module
export function registerServe(_program: Command): void {}

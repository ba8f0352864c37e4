import type { Command } from 'commander';
// the physician query lands with the pre-bill work (issue 5)
export function registerQuery(_program: Command): void {}

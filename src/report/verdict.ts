import type { Documentation } from '../types.js';
import { categoryOf } from './category.js';

/**
 * What the documentation can support, worded for the person signing (the contract's severity in
 * context): a note that documents no imaging is not wrong, it only cannot support a guidance code.
 */
export function documentationVerdict(d: Documentation): string {
  switch (categoryOf(d)) {
    case 'not-applicable':
      return 'no needle placement: guidance codes do not apply';
    case 'no-imaging':
      return 'cannot support a guidance code';
    case 'supported':
      return `supported (${d.guidanceCode})`;
    case 'incomplete':
      return `not supported${d.guidanceCode ? ` (${d.guidanceCode})` : ''}`;
  }
}

// The result contract (../shared/contract/result.schema.json) as TypeScript types.

export type Technique = 'imaging' | 'landmark' | 'unstated';
export type Modality = 'fluoroscopy' | 'ultrasound' | 'ct' | 'mri';
export type GuidanceCode = '77001' | '77002' | '77003' | '76942' | '77012' | '77021';
export type Severity = 'error' | 'warning' | 'info';
export type ClaimAction = 'bill' | 'remove' | 'recode' | 'query' | 'reduce-units';
export type Laterality = 'left' | 'right' | 'bilateral';

/** An exact stretch of the note: UTF-16 offsets into the text as given, line/column from them. */
export interface Span {
  offset: number;
  endOffset: number;
  line: number;
  column: number;
  text: string;
}

export interface Element {
  present: boolean;
  evidence: Span[];
}

/** An element in the result; a duration (fluoroscopyTime) also carries its value in seconds. */
export interface DocumentedElement extends Element {
  seconds?: number | null;
}

export interface Site {
  text: string;
  region: string;
  /** the body area a diagnosis names (grammars/sites.yaml), e.g. knee, lumbar-spine */
  area: string;
  laterality: Laterality | null;
  spinal: boolean | null;
  span?: Span;
}

export interface Documentation {
  technique: Technique;
  needlePlacement: boolean;
  modality: Modality | null;
  site: Site | null;
  guidanceCode: GuidanceCode | null;
  supported: boolean;
  /** one entry per element of the registry (grammars/elements/), in its order */
  elements: Record<string, DocumentedElement>;
}

export interface Message {
  ruleId: string;
  /** which of the rule's messages this is (its key in the rule's `messages`) */
  messageId?: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  offset?: number;
  endOffset?: number;
  suggestion?: string;
  expected?: string;
  actual?: string;
  /** the rule's docs: its section in the README (README.md#rule-<id>) */
  url?: string;
}

export interface ClaimLine {
  code: string;
  modifiers: string[];
  units: number;
}

export interface Claim {
  placeOfService?: string;
  lines: ClaimLine[];
  diagnoses: string[];
}

export interface ClaimResult {
  action: ClaimAction;
  recommendedCode: GuidanceCode | null;
}

export interface LintResult {
  source: string;
  documentation: Documentation;
  claim: ClaimResult | null;
  messages: Message[];
  summary: { errors: number; warnings: number; infos: number };
  error?: string;
}

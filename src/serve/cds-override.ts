// The override reasons' code system, shared by the cards (which offer the reasons) and the audit
// database's thread (which counts false alarms by it) without loading either's dependencies.
export const OVERRIDE_SYSTEM = 'urn:guidelint:cds-override-reason';
/** the override reason that says the finding is wrong for the note: the false-alarm signal */
export const FALSE_ALARM = 'finding-incorrect';

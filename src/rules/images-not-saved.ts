import { defineRule, missingElement } from './define.js';

export default defineRule({
  id: 'images-not-saved',
  kind: 'documentation',
  severity: 'error',
  docs: {
    what: 'Imaging guided the needle but the note does not say the images were saved (stored, archived, sent to PACS, hard copy, permanent images in the record).',
    why: 'Since CPT 2019 every radiology service, guidance included, requires permanently recorded images with patient-unique anatomy. "Images were obtained" or "spot films were taken" alone does not show retention.',
    fix: 'State where the images were retained, e.g. "Representative images saved to PACS."',
    sources: ['facts.md §2.1 and §5.1 (S9, S5, S4b)', 'contract: documentation.elements.imagesSaved'],
  },
  check(ctx, report) {
    const at = missingElement(ctx, 'imagesSaved');
    if (!at) return;
    report({
      at,
      message: 'Imaging guided the needle but no saved images are documented',
      expected: 'a statement that images were saved/archived',
      suggestion: 'Images saved to: ___ (e.g. PACS), number of images: ___',
    });
  },
  examples: {
    ok: [{ note: 'Under fluoroscopy the needle entered the knee joint. Two images were saved to PACS.' }],
    notOk: [{ note: 'Under fluoroscopy the needle entered the knee joint.\nSpot images were obtained.', messages: ['1:7-1:18'] }],
  },
});

/** guidelint's version (package.json's; a test keeps the two equal). Shards of one audit must share it. */
export const VERSION = '0.1.0';

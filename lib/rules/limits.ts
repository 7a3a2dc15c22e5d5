/** The largest rule file the console accepts (upload, import, save); next.config.ts sizes the action body limit from it. */
export const MAX_RULE_FILE_BYTES = 2_000_000;

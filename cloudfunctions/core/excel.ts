// The spreadsheet library (exceljs, ~1.2 MB bundled) is loaded on first use only: the reports and
// admin functions' other actions start without it (issue 20, cold start). scripts/build-functions.ts
// leaves this dynamic import to a chunk of its own beside the function's index.js (exceljs.js).
type ExcelJS = typeof import('exceljs');

let loaded: ExcelJS | null = null;

export async function excel(): Promise<ExcelJS> {
  if (!loaded) {
    const module = (await import('exceljs')) as ExcelJS & { default?: ExcelJS };
    loaded = module.default ?? module;
  }
  return loaded;
}

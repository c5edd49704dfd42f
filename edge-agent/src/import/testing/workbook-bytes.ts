import ExcelJS from 'exceljs'

/** Writes an XLSX workbook with one worksheet per entry, in order, each row an array of cell texts. */
export async function workbookBytes(sheets: Record<string, string[][]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name)
    for (const row of rows) sheet.addRow(row)
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

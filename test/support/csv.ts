/** Minimal RFC 4180 reader for test assertions (quoted fields may hold commas, quotes, CR and LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  // Every record ends with CRLF: text left over means a truncated export.
  if (field !== '' || row.length > 0) throw new Error(`CSV ends inside a record: ${JSON.stringify(field).slice(0, 80)}`);
  return rows;
}

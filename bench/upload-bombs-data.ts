import { writeFileSync } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';

// Hostile upload files, made on the spot (never committed): an XLSX whose shared strings
// inflate to far more than the file, a workbook holding one enormous cell, a vCard that never
// ends, a CSV whose quote never closes.

interface ZipPart {
  name: string;
  data: Buffer;
  uncompressedSize: number;
  crc: number;
}

/** A raw DEFLATE stream of prefix + unit × times + suffix, built from one compressed unit: megabytes that inflate to gigabytes. */
function repeatedDeflate(prefix: string, unit: Buffer, times: number, suffix: string): Buffer {
  const segment = (bytes: Buffer) => deflateRawSync(bytes, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const body = segment(unit);
  return Buffer.concat([segment(Buffer.from(prefix)), ...Array.from({ length: times }, () => body), deflateRawSync(Buffer.from(suffix))]);
}

const part = (name: string, text: string): ZipPart => {
  const bytes = Buffer.from(text);
  return { name, data: deflateRawSync(bytes), uncompressedSize: bytes.length, crc: crc32(bytes) };
};

/** A zip of DEFLATE parts, as spreadsheet programs write them; `declared` may lie about a part's size. */
function zip(parts: Array<ZipPart & { declared?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const size = p.declared ?? p.uncompressedSize;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.data);
    centrals.push(central, name);
    offset += local.length + name.length + p.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function workbookParts(sheet: string): ZipPart[] {
  return [
    part('[Content_Types].xml', `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`),
    part('_rels/.rels', `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    part('xl/workbook.xml', `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="客户" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    part('xl/_rels/workbook.xml.rels', `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`),
    part('xl/worksheets/sheet1.xml', `${XML}<worksheet xmlns="${MAIN}"><sheetData>${sheet}</sheetData></worksheet>`),
  ];
}

const SHEET = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>';
const MiB = 1024 * 1024;

export type XlsxBomb = 'many-strings' | 'one-cell';

/**
 * An XLSX whose xl/sharedStrings.xml inflates to about `expandsTo` bytes: many small texts, or
 * one cell of that length. With `lie`, the zip declares the part a few kilobytes.
 */
export function writeXlsxBomb(path: string, kind: XlsxBomb, expandsTo: number, lie = false): number {
  const strings = `${XML}<sst xmlns="${MAIN}"><si><t>姓名</t></si><si><t>电话</t></si><si><t>张三</t></si><si><t>13812345678</t></si>`;
  const unit = Buffer.from(kind === 'many-strings' ? '<si><t>kehu 炸弹</t></si>'.repeat(Math.ceil(MiB / 24)) : 'A'.repeat(MiB));
  const times = Math.max(1, Math.round(expandsTo / unit.length));
  const sharedStrings = kind === 'many-strings'
    ? repeatedDeflate(strings, unit, times, '</sst>')
    : repeatedDeflate(`${strings}<si><t>`, unit, times, '</t></si></sst>');
  const bomb = { name: 'xl/sharedStrings.xml', data: sharedStrings, uncompressedSize: Math.min(times * unit.length, 0xffffffff), crc: 0, ...(lie ? { declared: 4096 } : {}) };
  const parts = workbookParts(SHEET);
  const bytes = zip([...parts.slice(0, 4), bomb, parts[4]!]);
  writeFileSync(path, bytes);
  return bytes.length;
}

/** The same small workbook without the bomb, to show the file format itself is read. */
export function writeSmallXlsx(path: string): void {
  const parts = workbookParts(SHEET);
  const strings = part('xl/sharedStrings.xml', `${XML}<sst xmlns="${MAIN}"><si><t>姓名</t></si><si><t>电话</t></si><si><t>张三</t></si><si><t>13812345678</t></si></sst>`);
  writeFileSync(path, zip([...parts.slice(0, 4), strings, parts[4]!]));
}

/** A vCard that begins a card and never ends it: `size` bytes of one growing note. */
export function writeEndlessVcard(path: string, size: number): void {
  const line = `NOTE:${'x'.repeat(70)}\r\n`;
  writeFileSync(path, `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张三\r\n${line.repeat(Math.ceil(size / line.length))}`);
}

/** A CSV whose second row opens a quote that never closes. */
export function writeUnclosedQuoteCsv(path: string, size: number): void {
  writeFileSync(path, `name,phone\n张三,"13812345678\n${'x'.repeat(size)}`);
}

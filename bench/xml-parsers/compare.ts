/**
 * XML parsers side by side on the same EESSI XML documents (the project's seeded corpus generator):
 * docs/s on one thread (CPU time, best of 5 rounds), and whether each parser meets our safety needs.
 * Run (its own dependencies, kept out of LAC's): cd bench/xml-parsers && npm ci && ../../node_modules/.bin/tsx compare.ts [docs]
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SaxesParser } from 'saxes';
import * as txml from 'txml';
import { parseXml as rgroveParse } from '@rgrove/parse-xml';
import { Parser as Saxen } from 'saxen';
import * as ltx from 'ltx';
import { Parser as Htmlparser2 } from 'htmlparser2';
import { XmlDocument, XmlElement, XmlText } from 'libxml2-wasm';

// The LAC checkout this folder sits in (bench/xml-parsers/ -> the repository root).
const LAC = process.env.LAC ?? new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const { generateCorpus } = await import(`${LAC}/core/synth/index.js`);
const { corpusOptions } = await import(`${LAC}/bench/lib/corpus.js`);
const { readXmlTree } = await import(`${LAC}/core/sed/eessi/xml-tree.js`);

const wanted = Number(process.argv[2] ?? 3000);
const docs: string[] = [];
for (const m of generateCorpus(corpusOptions(20000, 2026))) {
  if (m.topic === 'sed' && m.value.startsWith('<')) docs.push(m.value);
  if (docs.length >= wanted) break;
}

type Tree = unknown;
type Parse = (xml: string) => Tree;
const nullObj = (): Record<string, unknown> => Object.create(null) as Record<string, unknown>;
/** Builds our tree shape (children by name, lists for repeats, text for leaves) from SAX-like events. */
class TreeBuilder {
  stack: Array<{ name: string; kids: Record<string, unknown> | null; text: string }> = [];
  root: unknown = null;
  open(name: string): void {
    if (this.stack.length >= 64) throw new Error('TOO_DEEP');
    const top = this.stack[this.stack.length - 1];
    if (top && top.kids === null) top.kids = nullObj();
    this.stack.push({ name, kids: null, text: '' });
  }
  text(t: string): void { const top = this.stack[this.stack.length - 1]; if (top && top.kids === null) top.text += t; }
  close(): void {
    const f = this.stack.pop()!;
    const v = f.kids ?? f.text.trim();
    const p = this.stack[this.stack.length - 1];
    if (!p) { this.root = v; return; }
    const k = p.kids!; const e = k[f.name];
    if (e === undefined) k[f.name] = v; else if (Array.isArray(e)) e.push(v); else k[f.name] = [e, v];
  }
}
function fromDom(children: unknown[], get: (n: any) => { name?: string; kids?: unknown[]; text?: string }): unknown {
  // generic DOM -> our tree
  const out = nullObj(); let text = ''; let has = false;
  for (const c of children) {
    const n = get(c);
    if (n.name !== undefined) { has = true; const v = fromDom(n.kids ?? [], get); const e = out[n.name]; if (e === undefined) out[n.name] = v; else if (Array.isArray(e)) e.push(v); else out[n.name] = [e, v]; }
    else if (n.text !== undefined) text += n.text;
  }
  return has ? out : text.trim();
}

const fxpDefault = new XMLParser();
const fxpTuned = new XMLParser({ ignoreAttributes: false, parseTagValue: false, processEntities: true, htmlEntities: false, jPath: false, maxNestedTags: 66 });
const parsers: Array<{ name: string; version: string; parse: Parse; note: string }> = [
  { name: 'fast-xml-parser, defaults', version: '5.12.1', parse: (x) => fxpDefault.parse(x), note: 'lenient: no well-formedness verdict without the validator' },
  { name: 'fast-xml-parser, tuned (jPath off) + XMLValidator', version: '5.12.1', parse: (x) => { const v = XMLValidator.validate(x); if (v !== true) throw new Error(v.err.msg); return fxpTuned.parse(x); }, note: 'what LAC ran before (plus a tree conversion)' },
  { name: 'saxes + tree', version: '6.0.0', parse: (x) => { const b = new TreeBuilder(); const p = new SaxesParser(); p.on('opentag', (t) => b.open(t.name)); p.on('text', (t) => b.text(t)); p.on('cdata', (t) => b.text(t)); p.on('closetag', () => b.close()); p.on('error', (e) => { throw e; }); p.write(x).close(); return b.root; }, note: 'strict XML 1.0 well-formedness' },
  { name: 'txml (DOM) + tree', version: '6.0.3', parse: (x) => fromDom(txml.parse(x) as unknown[], (n) => typeof n === 'string' ? { text: n } : { name: n.tagName, kids: n.children }), note: 'no well-formedness checks' },
  { name: '@rgrove/parse-xml + tree', version: '5.0.0', parse: (x) => fromDom(rgroveParse(x).children, (n) => n.type === 'element' ? { name: n.name, kids: n.children } : n.type === 'text' || n.type === 'cdata' ? { text: n.text } : {}), note: 'strict; needs Node >= 22.12' },
  { name: 'saxen + tree', version: '11.2.0', parse: (x) => { const b = new TreeBuilder(); const p = new Saxen(); p.on('openTag', (n: string, _a: unknown, _d: unknown, empty: boolean) => { b.open(n); if (empty) b.close(); }); p.on('text', (t: string, decode: (s: string) => string) => b.text(decode(t))); p.on('closeTag', () => b.close()); p.on('error', (e: Error) => { throw e; }); p.parse(x); return b.root; }, note: 'partial checks' },
  { name: 'ltx + tree', version: '3.1.2', parse: (x) => { const el = ltx.parse(x) as any; const conv = (e: any): unknown => fromDom(e.children, (n) => typeof n === 'string' ? { text: n } : { name: n.name, kids: n.children }); return conv(el); }, note: 'partial checks' },
  { name: 'htmlparser2 (xmlMode) + tree', version: '12.0.0', parse: (x) => { const b = new TreeBuilder(); const p = new Htmlparser2({ onopentagname: (n) => b.open(n), ontext: (t) => b.text(t), onclosetag: () => b.close() }, { xmlMode: true, decodeEntities: true }); p.end(x); return b.root; }, note: 'forgiving: repairs broken markup' },
  { name: 'libxml2-wasm (DOM in wasm) + tree', version: '0.7.2', parse: (x) => { const d = XmlDocument.fromString(x); try { const conv = (e: XmlElement): unknown => { const out = nullObj(); let t = ''; let has = false; for (let c = e.firstChild; c !== null; c = c.next) { if (c instanceof XmlElement) { has = true; const v = conv(c); const k = c.name; const ex = out[k]; if (ex === undefined) out[k] = v; else if (Array.isArray(ex)) ex.push(v); else out[k] = [ex, v]; } else if (c instanceof XmlText) t += c.content; } return has ? out : t.trim(); }; return conv(d.root); } finally { d.dispose(); } }, note: 'libxml2: strict, the reference' },
  { name: 'LAC xml-tree.ts (our reader)', version: '-', parse: (x) => readXmlTree(x, 64), note: 'strict subset (no DTD), builds our tree' },
];

const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function rate(parse: Parse): number {
  for (const d of docs.slice(0, 300)) parse(d);
  let best = Infinity;
  for (let r = 0; r < 5; r++) { const t0 = cpu(); for (const d of docs) parse(d); best = Math.min(best, cpu() - t0); }
  return docs.length / (best / 1000);
}

// Safety battery. Ours also refuses DTDs before parsing; here each parser is asked alone.
const base = docs[0] as string;
const NS_ROOT = base.match(/<([\w:]+) xmlns/)?.[1] ?? 'x';
const insertInRoot = (s: string): string => base.replace(/(<\/[\w:]+>\s*)$/, `${s}$1`);
const MALFORMED: Record<string, string> = {
  truncated: base.slice(0, Math.floor(base.length / 2)),
  mismatched: base.replace('</familyName>', '</familyNam>'),
  'bare &': base.replace(/<familyName>/, '<familyName>A & B '),
  'undeclared entity': base.replace(/<familyName>/, '<familyName>&nbsp;'),
  'duplicate attribute': base.replace(' sedVer="4"', ' sedVer="4" sedVer="5"'),
  'unquoted attribute': base.replace(' sedVer="4"', ' sedVer=4'),
  'two roots': `${base}<x/>`,
  'text after root': `${base}text`,
  'bad name': insertInRoot('<1a>v</1a>'),
  'char ref to NUL': base.replace(/<familyName>/, '<familyName>&#0;'),
};
const BILLION = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]><r>&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;</r>`;
const DEEP = `<r>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</r>`;
const HUGE_ATTR = `<r a="${'x'.repeat(5_000_000)}"/>`;
const PROTO = `<r><__proto__><polluted>1</polluted></__proto__></r>`;

function outcome(parse: Parse, x: string): { ok: boolean; ms: number; err?: string; value?: unknown } {
  const t0 = performance.now();
  try { const value = parse(x); return { ok: true, ms: performance.now() - t0, value }; } catch (e) { return { ok: false, ms: performance.now() - t0, err: String((e as Error).message ?? e).slice(0, 60) }; }
}

const rows: string[] = [];
rows.push(`| parser | version | docs/s, 1 thread | malformed refused (of ${Object.keys(MALFORMED).length}) | 6-level entity blow-up | 100k-deep nesting | 5 MB attribute | \`<__proto__>\` | note |`);
rows.push('|---|---|---|---|---|---|---|---|---|');
for (const p of parsers) {
  let r: number | string;
  try { r = Math.round(rate(p.parse)); } catch (e) { r = `fails: ${String((e as Error).message).slice(0, 40)}`; }
  const refused = Object.entries(MALFORMED).filter(([, x]) => !outcome(p.parse, x).ok).map(([k]) => k);
  const missed = Object.keys(MALFORMED).filter((k) => !refused.includes(k));
  const b = outcome(p.parse, BILLION);
  const expanded = b.ok && JSON.stringify(b.value ?? '').length > 100_000;
  const d = outcome(p.parse, DEEP);
  const h = outcome(p.parse, HUGE_ATTR);
  const pr = outcome(p.parse, PROTO);
  const polluted = ({} as Record<string, unknown>)['polluted'] !== undefined;
  rows.push(`| ${p.name} | ${p.version} | ${typeof r === 'number' ? r.toLocaleString('en') : r} | ${refused.length}${missed.length ? ` (accepts: ${missed.join(', ')})` : ''} | ${b.ok ? (expanded ? 'EXPANDED' : 'accepted, not expanded') : 'refused'} (${b.ms.toFixed(0)} ms) | ${d.ok ? 'accepted' : `refused${d.err?.includes('Maximum call stack') ? ' (stack overflow)' : ''}`} (${d.ms.toFixed(0)} ms) | ${h.ok ? 'accepted' : 'refused'} (${h.ms.toFixed(0)} ms) | ${pr.ok ? 'accepted' : 'refused'}${polluted ? ', POLLUTED' : ''} | ${p.note} |`);
}
console.log(`${docs.length} EESSI XML documents from the corpus generator (seed 2026), mean ${Math.round(docs.reduce((a, b) => a + b.length, 0) / docs.length)} characters; Node ${process.version}; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
console.log(rows.join('\n'));

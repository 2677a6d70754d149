/**
 * Writes a synthetic backlog to a directory, the way operators receive them: NDJSON files per
 * input kind (SEDs as `sedHendelse` events), and some SEDs as single XML/JSON documents without
 * any envelope (their document id is then derived from the content). Streams: memory stays flat whatever the size.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { generateCorpus, type CorpusOptions, type SynthMessage } from '../../core/synth/index.js';
import { toNdjsonLine } from '../../core/synth/ndjson.js';

export interface BacklogWritten {
  dir: string;
  files: number;
  messages: number;
  bytes: number;
}

export async function writeBacklog(dir: string, options: CorpusOptions, singleDocuments = 50): Promise<BacklogWritten> {
  await fs.promises.mkdir(path.join(dir, 'documents'), { recursive: true });
  const streams = {
    sed: fs.createWriteStream(path.join(dir, 'seds.ndjson')),
    declaration: fs.createWriteStream(path.join(dir, 'declarations.ndjson')),
    certificate: fs.createWriteStream(path.join(dir, 'certificates.ndjson')),
  };
  const result: BacklogWritten = { dir, files: 3, messages: 0, bytes: 0 };
  const buffers = { sed: '', declaration: '', certificate: '' };
  const drain = async (topic: SynthMessage['topic'], force: boolean): Promise<void> => {
    if (buffers[topic].length === 0 || (!force && buffers[topic].length < 64 * 1024)) return;
    result.bytes += Buffer.byteLength(buffers[topic]);
    const ok = streams[topic].write(buffers[topic]);
    buffers[topic] = '';
    if (!ok) await once(streams[topic], 'drain');
  };
  let singles = 0;
  // One pass over the corpus: each message goes to the file of its kind.
  for (const m of generateCorpus(options)) {
    // A few valid raw documents travel alone instead, as files without an envelope.
    if (m.topic === 'sed' && singles < singleDocuments && m.expect.kind === 'valid' && !m.wrapped && m.shape !== undefined) {
      const ext = m.value.startsWith('<') ? 'xml' : 'json';
      await fs.promises.writeFile(path.join(dir, 'documents', `${m.shape}-${String(singles).padStart(4, '0')}.${ext}`), m.value);
      singles += 1;
      result.messages += 1;
      continue;
    }
    const line = toNdjsonLine(m);
    if (line === null) continue;
    buffers[m.topic] += `${line}\n`;
    result.messages += 1;
    await drain(m.topic, false);
  }
  for (const topic of ['sed', 'declaration', 'certificate'] as const) {
    await drain(topic, true);
    streams[topic].end();
    await finished(streams[topic]);
  }
  result.files += singles;
  return result;
}

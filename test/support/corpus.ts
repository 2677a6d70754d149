/** A small synthetic corpus as source messages, with what storing it must produce. */
import { generateCorpus, type CorpusOptions, type SynthMessage } from '../../core/synth/index.js';
import type { SourceMessage } from '../../core/ingest/types.js';
import { messageHash } from '../../core/ingest/message-identity.js';

export function corpusMessages(opts: CorpusOptions): SynthMessage[] {
  return [...generateCorpus(opts)];
}

export function asSourceMessage(m: SynthMessage, source: SourceMessage['source'] = 'test'): SourceMessage {
  return { source, topic: null, partition: null, offset: null, key: m.key, headers: m.headers, body: Buffer.from(m.value, 'utf8') };
}

export interface Expected {
  distinct: number;
  bad: Record<string, number>;
}

/**
 * What storing `messages` must give. A message's identity is its envelope headers and bytes,
 * so two byte-identical messages (two empty bodies, say) are one message.
 */
export function expectedFrom(messages: SynthMessage[]): Expected {
  const bad: Record<string, number> = {};
  const seen = new Set<string>();
  let distinct = 0;
  for (const m of messages) {
    const id = messageHash(m.headers, Buffer.from(m.value, 'utf8')).toString('hex');
    if (seen.has(id)) continue;
    seen.add(id);
    distinct += 1;
    if (m.expect.kind === 'bad') bad[m.expect.badCode ?? '?'] = (bad[m.expect.badCode ?? '?'] ?? 0) + 1;
  }
  return { distinct, bad };
}

import { describe, expect, it } from 'vitest';
import { kafkaKeyOf, routeOf, SCAN_BYTES, topicKindOf } from '../../lib/files/message-kind.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('topicKindOf', () => {
  it('routes XML to sed, BOM and leading white space allowed', () => {
    expect(topicKindOf(b('<?xml version="1.0"?><A009/>'))).toBe('sed');
    expect(topicKindOf(Buffer.concat([BOM, b('\r\n  <A001/>')]))).toBe('sed');
  });

  it('routes JSON by its top-level keys', () => {
    expect(topicKindOf(b('{"certificateNumber":"A1-1","holder":{}}'))).toBe('certificate');
    expect(topicKindOf(b(' {"version":1, "declarationId":"SIPSI-1"}'))).toBe('declaration');
    expect(topicKindOf(b('{"sedHendelse":{"rinaSakId":"1"},"sed":"<A009/>"}'))).toBe('sed');
    expect(topicKindOf(b('{"sed":"A009","nav":{}}'))).toBe('sed');
    expect(topicKindOf(b('{"A009":{"x":1}}'))).toBe('sed');
    expect(topicKindOf(Buffer.concat([BOM, b('{"X008":{}}')]))).toBe('sed');
  });

  it('ignores nested keys and keys inside strings', () => {
    expect(topicKindOf(b('{"holder":{"certificateNumber":"x"},"declarationId":"D"}'))).toBe('declaration');
    expect(topicKindOf(b('{"note":"\\"certificateNumber\\": 1","declarationId":"D"}'))).toBe('declaration');
    expect(topicKindOf(b('{"list":[{"declarationId":"D"}],"other":1}'))).toBe('unknown');
  });

  it('says unknown for anything else', () => {
    for (const s of ['', '   ', '[]', '[{"declarationId":"D"}]', '"x"', '42', 'hello', '{"a":1}', '{"A009":{},"A010":{}}', '{broken']) {
      expect(topicKindOf(b(s)), s).toBe('unknown');
    }
  });

  it('routes by the keys it saw even when the JSON turns out malformed (ingest rejects it on that topic)', () => {
    expect(topicKindOf(b('{"declarationId":"D",'))).toBe('declaration');
  });

  it('falls back to a full parse when the deciding key lies beyond the scan window', () => {
    const pad = 'p'.repeat(SCAN_BYTES * 2);
    expect(topicKindOf(b(`{"pad":"${pad}","certificateNumber":"C-9"}`))).toBe('certificate');
    expect(topicKindOf(b(`{"pad":{"deep":[1,2,"${pad}"]},"declarationId":"D"}`))).toBe('declaration');
    expect(topicKindOf(b(`{"pad":"${pad}","other":1}`))).toBe('unknown');
    expect(topicKindOf(b(`{"pad":"${pad}","declarationId":`))).toBe('unknown'); // truncated
    // A SED-type key first, its huge document after: decided without parsing.
    expect(topicKindOf(b(`{"A009":{"x":"${pad}"`))).toBe('sed');
  });
});

describe('kafkaKeyOf', () => {
  it('takes the RINA case id, declaration id or certificate number', () => {
    const event = b('{"sedHendelse":{"bucType":"LA_BUC_04","rinaSakId":"1234567","nested":{"rinaSakId":"no"}},"sed":{}}');
    expect(kafkaKeyOf(event, 'sed')).toBe('1234567');
    expect(kafkaKeyOf(b('{"sedHendelse":{"rinaSakId":987654}}'), 'sed')).toBe('987654');
    expect(kafkaKeyOf(b('{"declarationId":"SIPSI-2024-000123","version":1}'), 'declaration')).toBe('SIPSI-2024-000123');
    expect(kafkaKeyOf(b('{"certificateNumber":"A1-\\u00c9-1"}'), 'certificate')).toBe('A1-É-1');
  });

  it('is null when there is none', () => {
    expect(kafkaKeyOf(b('<A009/>'), 'sed')).toBeNull();
    expect(kafkaKeyOf(b('{"A009":{"rinaSakId":"1"}}'), 'sed')).toBeNull();
    expect(kafkaKeyOf(b('{"declarationId":""}'), 'declaration')).toBeNull();
    expect(kafkaKeyOf(b('{"declarationId":null}'), 'declaration')).toBeNull();
    expect(kafkaKeyOf(b('{"declarationId":{"id":"x"}}'), 'declaration')).toBeNull();
    expect(kafkaKeyOf(b('{"declarationId":"D"}'), 'unknown')).toBeNull();
    expect(kafkaKeyOf(b('not json'), 'declaration')).toBeNull();
  });

  it('finds keys beyond the scan window by parsing', () => {
    const pad = 'p'.repeat(SCAN_BYTES * 2);
    expect(kafkaKeyOf(b(`{"sed":{"x":"${pad}"},"sedHendelse":{"rinaSakId":"42"}}`), 'sed')).toBe('42');
    expect(routeOf(b(`{"pad":"${pad}","certificateNumber":"C-9"}`))).toEqual({ kind: 'certificate', key: 'C-9' });
    expect(routeOf(b(`{"sedHendelse":{"rinaSakId":"7"},"sed":"${pad}"}`))).toEqual({ kind: 'sed', key: '7' });
  });
});

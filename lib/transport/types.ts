/**
 * Transport-neutral message interfaces. Kafka, files and the in-process queue implement them;
 * domain code sees only these, so the same pipeline runs in the demo and in the services.
 */

export interface InboundMessage {
  topic: string;
  partition: number;
  /** Kafka offset as a decimal string (offsets exceed 2^53 in long-lived topics). */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Milliseconds since epoch, as a string. */
  timestamp: string;
}

export interface OutboundMessage {
  key: string | Buffer | null;
  value: string | Buffer;
  headers?: Record<string, string>;
}

export interface BatchContext {
  /** Keeps the consumer's group membership alive during long batches. */
  heartbeat(): Promise<void>;
  /** True once stop() was called: finish the current batch and return. */
  isStopping(): boolean;
}

/**
 * Processes one batch from a single topic-partition. The source commits the batch's
 * offsets only after this promise resolves (so after the handler's database commit).
 */
export type BatchHandler = (messages: InboundMessage[], ctx: BatchContext) => Promise<void>;

export interface MessageSource {
  run(handler: BatchHandler): Promise<void>;
  /** Finish the batch in flight, commit it, leave the group. */
  stop(): Promise<void>;
}

export interface MessageSink {
  send(topic: string, messages: OutboundMessage[]): Promise<void>;
  close(): Promise<void>;
}

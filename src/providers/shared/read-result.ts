import type { NormalizedEvent } from '../../domain/index.js';

/** What reading a field gives: its value, or the reason the delivery is ignored. */
export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function found<T>(value: T): Read<T> {
  return { ok: true, value };
}

export function missing<T>(reason: string): Read<T> {
  return { ok: false, reason };
}

/** A verified event Shipwatch does not use, or cannot use as sent; the reason says why and what to change. */
export function ignored(reason: string): NormalizedEvent {
  return { kind: 'ignored', reason };
}

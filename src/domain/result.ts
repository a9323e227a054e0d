/**
 * The one outcome of a step that can refuse: its value, or why not (`error`). Every layer uses it,
 * so a caller reads `result.ok ? result.value : result.error` whatever the step.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const refused = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

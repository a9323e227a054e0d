/** Blobs that say a container written by an earlier version has had its indexes built (once). */
export const SCHEDULE_INDEXED = 'indexed/schedule-v2';
export const SENDS_INDEXED = 'indexed/sends-v2';
export const TENANTS_INDEXED = 'indexed/tenants-v1';

/** A container created by this version: nothing in it predates the indexes. */
export const INDEXED_MARKERS = [SCHEDULE_INDEXED, SENDS_INDEXED, TENANTS_INDEXED];

/** Values a caller may pass as `signal` by mistake; each must be refused at the call. */
export const BAD_SIGNALS: unknown[] = ["x", {}, null, 42, { aborted: false }];

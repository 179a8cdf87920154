// Test-only preload (`node --import`): this process's wall clock runs CIX_TEST_CLOCK_OFFSET_MS
// ahead (negative: behind), as on a machine whose clock is off. Only Date moves; timers and
// performance.now() are monotonic anyway. Used by the fault harness (`clockOffsetMs`); nothing
// in the product loads it.
const offset = Number(process.env.CIX_TEST_CLOCK_OFFSET_MS ?? 0);
if (offset) {
  const RealDate = Date;
  class OffsetDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = OffsetDate;
}

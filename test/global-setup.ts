/** Vitest global setup: nothing shared yet; integration tests start their own servers. */
export default function setup(): void {}

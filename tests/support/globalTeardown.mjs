export default async function globalTeardown() {
  if (globalThis.__OPENKPI_PG__) {
    await globalThis.__OPENKPI_PG__.stop();
  }
}

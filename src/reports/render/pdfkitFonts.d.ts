// pdfkit's standard font data (its package `exports`), which @types/pdfkit does not describe.
declare module 'pdfkit/standard-fonts/*' {
  const font: { name: string };
  export default font;
}

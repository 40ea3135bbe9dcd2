// Prints the text of a PDF (pdf-parse). A separate process: pdf.js loads its worker with a
// dynamic import, which jest's module VM does not allow.
const fs = require('node:fs');
const { PDFParse } = require('pdf-parse');

(async () => {
  const parser = new PDFParse({ data: fs.readFileSync(process.argv[2]) });
  const { text } = await parser.getText();
  await parser.destroy();
  process.stdout.write(text);
})().catch((err) => {
  process.stderr.write(`pdfText: ${err.message}\n`);
  process.exit(1);
});

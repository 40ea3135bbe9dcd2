import * as pdfkit from 'pdfkit';
import Helvetica from 'pdfkit/standard-fonts/Helvetica';
import HelveticaBold from 'pdfkit/standard-fonts/HelveticaBold';

/** pdfkit's browser build exports this; its Node build loads the standard fonts itself and does not. */
type Registrar = { registerStdFonts?: (...fonts: unknown[]) => void };

let registered = false;

/**
 * Registers the two fonts the report uses. pdfkit's browser build (what the app's export runs)
 * ships no font data and fails "Standard font Helvetica is not registered" without this.
 */
export function registerReportFonts(): void {
  if (!registered) {
    (pdfkit as Registrar).registerStdFonts?.(Helvetica, HelveticaBold);
    registered = true;
  }
}

import QRCode from 'qrcode';
import { rgb, type PDFPage } from 'pdf-lib';

/**
 * A QR code drawn as vector squares (no raster image: sharp at any print resolution, and
 * a few hundred bytes). Runs of dark modules in a row are merged into one rectangle.
 * (x, y) is the bottom-left corner of the symbol including its 4-module quiet zone.
 */
export function drawQr(page: PDFPage, data: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const cell = size / (n + 8);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && modules.get(r, c)) c++;
      page.drawRectangle({
        x: x + (4 + start) * cell,
        y: y + size - (4 + r + 1) * cell,
        width: (c - start) * cell,
        height: cell,
        color: rgb(0, 0, 0),
      });
    }
  }
}

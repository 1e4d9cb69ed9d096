// The QR code on a counter receipt, rendered server-side as SVG (qrcode), pointing at the tracking page
// built from PUBLIC_URL (config().siteUrl), never from the request's Host header. It carries the tracking
// code only: the access key is printed as text, never put in a URL.
import QRCode from 'qrcode';

export function trackingUrl(siteUrl: string, code: string): string {
  return `${siteUrl}/track?code=${encodeURIComponent(code)}`;
}

export async function trackingQrSvg(siteUrl: string, code: string): Promise<string> {
  return QRCode.toString(trackingUrl(siteUrl, code), {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
}

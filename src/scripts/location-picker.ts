// Enhances the complaint form's location fieldset (LocationPicker.astro): the kecamatan list follows the
// chosen kota (in a region with a kota level) and the kelurahan list the chosen kecamatan without a round trip, a Leaflet map (bundled from the installed package) takes a
// pin — tapped, dragged, or centred by "use my location" — that fills latitude/longitude and
// pre-selects the nearest kelurahan, and typed coordinates move the pin. The server checks it all again.
import L from 'leaflet';

interface AreaData {
  kecamatan: { code: string; name: string; kota: string; kelurahan: [string, string][] }[];
  points: [string, number, number][];
  bbox: { south: number; west: number; north: number; east: number } | null;
  tiles: { url: string; attribution: string };
  text: { fromPoint: string; pointOnly: string; outside: string; pin: string; any: string; anyKecamatan: string };
}

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function readData(): AreaData | null {
  try {
    return JSON.parse($('#location-picker')?.dataset.areas ?? 'null') as AreaData | null;
  } catch {
    return null;
  }
}

/** Rebuilds the kecamatan list for a kota (all of them when none), keeping the choice if it stays. */
function fillKecamatan(data: AreaData, kec: HTMLSelectElement, kota: string, keep = kec.value): void {
  const options = data.kecamatan.filter((k) => !kota || k.kota === kota).map((k) => new Option(k.name, k.code, false, k.code === keep));
  kec.replaceChildren(new Option(data.text.anyKecamatan, ''), ...options);
  if (![...kec.options].some((o) => o.value === keep)) kec.value = '';
}

/** Rebuilds the kelurahan list for a kecamatan (else for the kota; all of them when neither), keeping the choice if it stays. */
function fillKelurahan(data: AreaData, kel: HTMLSelectElement, kecamatan: string, keep = kel.value, kota = ''): void {
  const first = new Option(data.text.any, '');
  const groups = data.kecamatan
    .filter((k) => (kecamatan ? k.code === kecamatan : !kota || k.kota === kota))
    .map((k) => {
      const g = document.createElement('optgroup');
      g.label = k.name;
      g.dataset.kecamatan = k.code;
      g.append(...k.kelurahan.map(([code, name]) => new Option(name, code, false, code === keep)));
      return g;
    });
  kel.replaceChildren(first, ...groups);
  if (![...kel.options].some((o) => o.value === keep)) kel.value = '';
}

function nearest(data: AreaData, lat: number, lng: number): string | null {
  const cos = Math.cos((lat * Math.PI) / 180);
  let best: string | null = null;
  let bestD = Infinity;
  for (const [code, plat, plng] of data.points) {
    const d = (plat - lat) ** 2 + ((plng - lng) * cos) ** 2;
    if (d < bestD) [best, bestD] = [code, d];
  }
  return best;
}

function setup(): void {
  const data = readData();
  const kec = $<HTMLSelectElement>('#kecamatan');
  const kel = $<HTMLSelectElement>('#kelurahan');
  const lat = $<HTMLInputElement>('#latitude');
  const lng = $<HTMLInputElement>('#longitude');
  const status = $<HTMLElement>('#location-status');
  if (!data || !kec || !kel || !lat || !lng || !status) return;
  // With a script the list follows the kecamatan at once: the no-JavaScript step button goes (removed,
  // not hidden, so Enter in a text field submits the form rather than pressing it).
  $('#kecamatan-step')?.remove();
  $('#kota-step')?.remove();
  // The kota level (Jakarta): absent in a city region, whose form keeps two levels.
  const kota = $<HTMLSelectElement>('#kota');
  const kotaOf = (kecamatan: string) => data.kecamatan.find((k) => k.code === kecamatan)?.kota ?? '';
  /** Sets the kota to the kecamatan's (when the form has one) and rebuilds the kecamatan list for it. */
  const followKecamatan = (kecamatan: string) => {
    if (!kota || !kecamatan) return;
    kota.value = kotaOf(kecamatan);
    fillKecamatan(data, kec, kota.value, kecamatan);
  };
  if (kota) fillKecamatan(data, kec, kota.value);
  fillKelurahan(data, kel, kec.value, kel.value, kota?.value ?? '');
  kota?.addEventListener('change', () => {
    fillKecamatan(data, kec, kota.value);
    fillKelurahan(data, kel, kec.value, kel.value, kota.value);
  });
  kec.addEventListener('change', () => {
    followKecamatan(kec.value);
    fillKelurahan(data, kel, kec.value, kel.value, kota?.value ?? '');
  });
  kel.addEventListener('change', () => {
    const group = kel.selectedOptions[0]?.parentElement;
    if (group instanceof HTMLOptGroupElement && group.dataset.kecamatan && !kec.value) {
      followKecamatan(group.dataset.kecamatan);
      kec.value = group.dataset.kecamatan;
      fillKelurahan(data, kel, kec.value);
    }
  });

  const inside = (p: L.LatLng) =>
    !data.bbox || (p.lat >= data.bbox.south && p.lat <= data.bbox.north && p.lng >= data.bbox.west && p.lng <= data.bbox.east);
  const box = $<HTMLElement>('#location-map-box');
  const el = $<HTMLElement>('#location-map');
  let marker: L.Marker | null = null;
  let map: L.Map | null = null;

  /** A point from the pin or the inputs: the areas follow it, and the resident is told which. */
  const choose = (p: L.LatLng, fromInputs = false) => {
    pick(p, fromInputs);
    // Set by script, the fields fire no change event: the similar-complaints list (nearby-complaints.ts) listens for this.
    lat.form?.dispatchEvent(new Event('location-changed'));
  };
  const pick = (p: L.LatLng, fromInputs: boolean) => {
    if (!fromInputs) {
      lat.value = p.lat.toFixed(6);
      lng.value = p.lng.toFixed(6);
    }
    if (!inside(p)) {
      status.textContent = data.text.outside;
      return;
    }
    const code = nearest(data, p.lat, p.lng);
    if (!code) {
      status.textContent = data.text.pointOnly;
      return;
    }
    const kecCode = code.split('.').slice(0, 3).join('.');
    followKecamatan(kecCode);
    kec.value = kecCode;
    fillKelurahan(data, kel, kecCode, code);
    const k = data.kecamatan.find((x) => x.code === kecCode);
    const name = k?.kelurahan.find(([c]) => c === code)?.[1] ?? code;
    status.textContent = data.text.fromPoint.replace('{kelurahan}', name).replace('{kecamatan}', k?.name ?? kecCode);
  };
  const place = (p: L.LatLng) => {
    if (!map) return;
    if (marker) marker.setLatLng(p);
    else {
      marker = L.marker(p, {
        draggable: true,
        title: data.text.pin,
        alt: data.text.pin,
        icon: L.divIcon({ className: 'map-pin', iconSize: [26, 26], iconAnchor: [13, 26] }),
      }).addTo(map);
      marker.on('dragend', () => marker && choose(marker.getLatLng()));
    }
  };

  if (box && el) {
    box.hidden = false;
    const b = data.bbox;
    map = L.map(el, { scrollWheelZoom: false });
    L.tileLayer(data.tiles.url, { maxZoom: 19, attribution: escapeHtml(data.tiles.attribution) }).addTo(map);
    if (b) {
      map.fitBounds([
        [b.south, b.west],
        [b.north, b.east],
      ]);
      map.setMaxBounds(L.latLngBounds([b.south, b.west], [b.north, b.east]).pad(0.5));
    } else map.setView([-2.5, 118], 5); // Indonesia, when the region gives no box
    const typed = L.latLng(Number(lat.value.replace(',', '.')), Number(lng.value.replace(',', '.')));
    if (lat.value && lng.value && Number.isFinite(typed.lat) && Number.isFinite(typed.lng)) {
      place(typed);
      map.setView(typed, 16);
    }
    map.on('click', (e: L.LeafletMouseEvent) => {
      place(e.latlng);
      choose(e.latlng);
    });
  }
  const fromInputs = () => {
    const p = L.latLng(Number(lat.value.replace(',', '.')), Number(lng.value.replace(',', '.')));
    if (!lat.value || !lng.value || !Number.isFinite(p.lat) || !Number.isFinite(p.lng)) return;
    place(p);
    map?.panTo(p);
    choose(p, true);
  };
  lat.addEventListener('change', fromInputs);
  lng.addEventListener('change', fromInputs);

  const button = $<HTMLButtonElement>('#use-location');
  if (!button || !('geolocation' in navigator)) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    status.textContent = button.dataset.locating ?? '';
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const p = L.latLng(pos.coords.latitude, pos.coords.longitude);
        place(p);
        map?.setView(p, 17);
        choose(p);
        // "Location found." first, then which areas it chose (or why none).
        status.textContent = `${button.dataset.found ?? ''} ${status.textContent ?? ''}`.trim();
      },
      () => {
        status.textContent = button.dataset.failed ?? '';
      },
      { enableHighAccuracy: true, timeout: 15000 },
    );
  });
}

setup();

// The public complaint map: fetches /complaints/map.geojson (the page's filters) and shows clustered
// pins coloured by state (map.css, Okabe–Ito palette; the legend and the table below name every state).
// Leaflet and leaflet.markercluster are bundled from the installed packages; the plugin is a UMD file
// that extends the global L, so it is loaded after L is set.
import L from 'leaflet';

interface MapData {
  source: string;
  bbox: { south: number; west: number; north: number; east: number } | null;
  tiles: { url: string; attribution: string };
  open: string;
  cluster: string;
}
interface Feature {
  geometry: { coordinates: [number, number] };
  properties: {
    code: string;
    title: string;
    state: string;
    state_name: string;
    category_name: string;
    kecamatan_name: string;
    url: string;
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function setup(): Promise<void> {
  const el = document.querySelector<HTMLElement>('#complaint-map');
  if (!el?.dataset.map) return;
  const data = JSON.parse(el.dataset.map) as MapData;
  (window as unknown as { L: typeof L }).L = L;
  await import('leaflet.markercluster');
  el.hidden = false;
  const map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(data.tiles.url, { maxZoom: 19, attribution: escapeHtml(data.tiles.attribution) }).addTo(map);
  const b = data.bbox;
  if (b)
    map.fitBounds([
      [b.south, b.west],
      [b.north, b.east],
    ]);
  else map.setView([-2.5, 118], 5);
  const res = await fetch(data.source, { headers: { Accept: 'application/geo+json' } });
  if (!res.ok) return;
  const { features } = (await res.json()) as { features: Feature[] };
  const cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 50,
    // A cluster is a button: its text says how many complaints it holds.
    iconCreateFunction: (c) =>
      L.divIcon({
        className: 'map-cluster',
        html: `<span>${c.getChildCount()}</span><span class="visually-hidden"> ${escapeHtml(data.cluster)}</span>`,
        iconSize: [36, 36],
      }),
  });
  for (const f of features) {
    const [lng, lat] = f.geometry.coordinates;
    const p = f.properties;
    const marker = L.marker([lat, lng], {
      title: `${p.code}: ${p.title} (${p.state_name})`,
      alt: `${p.code} (${p.state_name})`,
      icon: L.divIcon({
        className: 'map-marker',
        html: `<span class="map-dot state-${escapeHtml(p.state)}"></span>`,
        iconSize: [18, 18],
        iconAnchor: [9, 9],
      }),
    });
    marker.bindPopup(
      `<strong>${escapeHtml(p.title)}</strong><br>${escapeHtml(p.state_name)} · ${escapeHtml(p.category_name)} · ${escapeHtml(p.kecamatan_name)}<br>` +
        `<a href="${escapeHtml(p.url)}">${escapeHtml(data.open.replace('{code}', p.code))}</a>`,
    );
    cluster.addLayer(marker);
  }
  map.addLayer(cluster);
  if (features.length > 0 && !b) map.fitBounds(cluster.getBounds());
}

void setup();

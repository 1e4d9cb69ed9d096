// A complaint's point on a small map (ComplaintPointMap.astro); the coordinates stay as text below it.
import L from 'leaflet';

const el = document.querySelector<HTMLElement>('#complaint-point-map');
if (el?.dataset.point) {
  const d = JSON.parse(el.dataset.point) as { lat: number; lng: number; tiles: { url: string; attribution: string }; pin: string };
  el.hidden = false;
  const attribution = d.tiles.attribution.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const map = L.map(el, { scrollWheelZoom: false, dragging: !L.Browser.mobile }).setView([d.lat, d.lng], 16);
  L.tileLayer(d.tiles.url, { maxZoom: 19, attribution }).addTo(map);
  L.marker([d.lat, d.lng], {
    title: d.pin,
    alt: d.pin,
    keyboard: false,
    interactive: false,
    icon: L.divIcon({ className: 'map-pin', iconSize: [26, 26], iconAnchor: [13, 26] }),
  }).addTo(map);
}

// Map text: the location picker on the complaint form, the public complaint map, a complaint's point.
export const map = {
  errors: {
    outsideRegion:
      "This point lies outside the area this portal serves. Move the pin to the problem's location inside the area, or clear latitude and longitude.",
  },
  picker: {
    mapLabel: 'Map of the problem location',
    mapHint: 'Tap the map or drag the pin to the problem. The nearest kecamatan and kelurahan are chosen for you; check the choice.',
    chooseKota: 'Choose city',
    chooseKotaHint:
      'Choose a city or regency, then press "Choose city" to narrow the kecamatan and kelurahan lists. What you typed is kept.',
    narrowedKota: 'Kecamatan and kelurahan lists narrowed to {kota}.',
    chooseKecamatan: 'Choose kecamatan',
    chooseKecamatanHint: 'Choose a kecamatan, then press "Choose kecamatan" to narrow the kelurahan list. What you typed is kept.',
    narrowed: 'Kelurahan list narrowed to Kecamatan {kecamatan}.',
    fromPoint: 'Chosen from the point on the map: Kelurahan {kelurahan}, Kecamatan {kecamatan}. Check it and change it if needed.',
    pointOnly: 'Point placed. Choose the kecamatan and kelurahan yourself.',
    outside: 'This point is outside the area served. Move the pin inside the area.',
    pin: 'Problem location pin',
  },
  page: {
    title: 'Complaint map',
    lead: 'Public complaints that give a point. Confidential complaints and reporter details are never shown.',
    mapLink: 'Map',
    listLink: 'List',
    views: 'View',
    legend: 'Status colours',
    mapLabel: 'Map of public complaints',
    tableCaption: 'Complaints on the map',
    shown: { one: '{count} complaint with a point', other: '{count} complaints with a point' },
    truncated: 'Only the latest {limit} complaints are shown; narrow with the filters.',
    none: 'No public complaint with a point for this choice yet.',
    code: 'Code',
    complaintTitle: 'Title',
    state: 'Current status',
    category: 'Category',
    kecamatan: 'District',
    point: 'Point',
    cluster: 'complaints here; zoom in to see them',
    open: 'Open complaint {code}',
  },
  detail: {
    heading: 'Location on the map',
    point: 'Point: {lat}, {lng}',
  },
};

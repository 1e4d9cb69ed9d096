// The complaint conversation over WhatsApp (docs/whatsapp.md). WhatsApp's limits: list row titles 24
// characters, row descriptions 72, buttons 20; longer texts are cut when sent.
export const whatsapp = {
  greeting:
    'Hello! This is the residents’ complaint service. I will help you file a complaint in a few steps.\n\nType *cancel* at any time to stop, *status CODE* to check a complaint, or *indonesia* untuk Bahasa Indonesia.',
  listButton: 'Choose',
  prev: '« Previous',
  next: 'Next »',
  pageNote: 'Page {page} of {pages}.',
  chooseCategory: 'Choose the category of your complaint.',
  askLocation: 'Share the location of the problem: tap 📎 then *Location*. If you cannot, type *skip*.',
  locationReceived: 'Location received.',
  chooseKota: 'Choose the kota/kabupaten administrasi (city) where the problem is.',
  chooseKecamatan: 'Choose the kecamatan (district) where the problem is.',
  chooseKelurahan: 'Choose the kelurahan in Kecamatan {kecamatan}.',
  askDescription: 'Describe the problem: what happened, where exactly, and since when (at least 20 characters).',
  descriptionLength: 'The description must be 20 to 5000 characters. Please write it again.',
  askPhotos: 'Send up to 3 photos of the problem, one at a time. Type *skip* if you have none.',
  photoReceived: 'Photo {n} of 3 received. Send another or type *done*.',
  photoRefused: {
    tooLarge: 'The photo is too large (5 MB at most). Send another or type *done*.',
    notImage: 'Only JPEG, PNG or WebP photos are accepted. Send another or type *done*.',
    unavailable: 'The photo could not be fetched from WhatsApp. Try again or type *done*.',
    corrupt: 'The photo could not be read. Send another or type *done*.',
  },
  askPrivacy: 'Choose the privacy level of your complaint.',
  privacyRows: {
    public: 'Content public; your name is not shown.',
    anonymous: 'Content public; your identity hidden from everyone.',
    confidential: 'Content read only by the staff handling it.',
  },
  confirm:
    'Please check your complaint:\n\nCategory: {category}\nLocation: {kelurahan}, {kecamatan}{coordinates}\nDescription: {description}\nPhotos: {photos}\nPrivacy: {privacy}\n\nSend this complaint?',
  confirmYes: 'Send',
  confirmNo: 'Cancel',
  filed:
    'Your complaint was received with the code *{code}*.\nAccess key: {key}\n\nKeep the code and the key: together they open your complaint’s details at {link}\nThe department’s answers will come to this WhatsApp. Type *status {code}* at any time.',
  filingFailed: 'Sorry, the complaint could not be saved yet. Check your choices and send again, or type *cancel*.',
  cancelled: 'The complaint was cancelled and your answers deleted. Send any message to start again.',
  ended: 'That conversation has ended. Send any message to start a new complaint, or *status CODE* to check one.',
  useChoices: 'Please choose from the list or buttons above, or type *cancel*.',
  status: 'Complaint {code}: {state}.',
  statusDepartment: 'Handled by: {department}.',
  statusLatest: 'Latest news: {note}',
  statusLink: 'Details: {link}',
  statusNotFound: 'No complaint with the code {code} was found.',
  tooMany: 'Too many messages in a short time. Please try again in a few minutes.',
};

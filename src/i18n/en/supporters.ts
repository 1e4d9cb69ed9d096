// Text of "Support" (complaint supporters), similar complaints nearby while filing, and merging duplicates.
export const supporters = {
  count: { one: '{n} supporter', other: '{n} supporters' },
  support: 'Support',
  supportThis: 'Support complaint {code}',
  supportLead: 'Same problem? Support this complaint instead of filing a new one: the department sees how many residents are affected.',
  supportHonesty:
    'Without an account, support is counted once per browser. Sign in to tie your support to your account and follow its progress.',
  followToo: 'Email me on every public update of this complaint',
  supported: 'Your support is recorded. Thank you.',
  supportedFollowing: 'Your support is recorded, and you will get an email on every public update.',
  alreadySupported: 'You already support this complaint.',
  notSupportable: 'This complaint can no longer be supported (resolved, closed or merged).',
  ownComplaint: 'This is your own complaint.',
  rateLimited: {
    one: 'Too many supports in a short time. Try again in {minutes} minute.',
    other: 'Too many supports in a short time. Try again in {minutes} minutes.',
  },
  needCookie:
    'Your browser has not kept the device marker used to count support once only. Press Support once more (cookies must be allowed), or sign in with your account.',
  loginToFollow: 'Sign in to support with your account and follow its progress',
  nearby: {
    title: 'Similar complaints nearby',
    lead: 'Open complaints of the same category in this kelurahan or within {radius} m, from the last 30 days. If the problem is the same, support that complaint instead of filing a new one.',
    none: 'No similar open complaints near this place in the last 30 days.',
    needMore: 'Choose a category and a kelurahan (or give a point) to see similar complaints nearby.',
    found: {
      one: '{n} similar complaint found near this place: see it before you send.',
      other: '{n} similar complaints found near this place: see them before you send.',
    },
    check: 'Check for similar complaints',
    checkHint: 'What you typed and the photos you chose are kept.',
    distance: 'about {m} m away',
    sameKelurahan: 'same kelurahan',
    filedOn: 'filed {date}',
    view: 'View {code}',
  },
  staff: {
    supporters: 'Supporters',
    mergeHint: "This complaint's supporters, followers and reporter are moved to the original complaint.",
  },
  events: {
    merged: 'A similar complaint was merged into this one',
  },
  errors: {
    originalRejected: 'That original complaint was rejected; merge into one that still stands.',
  },
  mail: {
    mergedBody:
      'The problem you reported in complaint {code} was reported earlier as complaint {original} and is handled there. Your complaint was merged into it, and you are counted as its supporter.',
    mergedFollowing: 'You will get an email on every public update of that complaint.',
  },
};

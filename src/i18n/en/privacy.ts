// English: the privacy page (UU PDP 27/2022), in plain words.
import type { Messages } from '../id/index.ts';

export const privacy: Messages['privacy'] = {
  title: 'Privacy policy',
  lead: 'This page explains what personal data we keep, what for, who can see it, how long it is kept, and how to use your rights under Law No. 27 of 2022 on Personal Data Protection (UU PDP).',
  controllerTitle: 'Who manages your data',
  controllerText: 'The data controller is the Government of {region}. This portal is run to handle complaints and public participation.',
  collectTitle: 'The data we collect',
  collect1:
    'When you file a complaint: its content, the location (kecamatan, kelurahan, address, and a map point if you give one), photos, and your name, email and phone number if you fill them in.',
  collect2:
    'When you create an account: name, email, password (stored only as a hash), phone number if given, and affiliation and organisation if you join consultations as a stakeholder.',
  collect3: 'When you take part in a public consultation: the input, replies, endorsements and reports you send.',
  collect4:
    'Technical records: the time and kind of actions on the portal (audit log), never passwords or tokens. We use no tracking or advertising cookies; cookies are only for your login session and language choice.',
  whyTitle: 'What the data is used for',
  why1: 'Acting on your complaint and keeping you informed. The basis is the public-service task (Law No. 25 of 2009 on Public Services and Presidential Regulation No. 76 of 2013 on Handling Public Service Complaints), not consent.',
  why2: 'Producing service statistics and evidence for staff performance appraisal. For this, complaint data is used without the reporter’s identity.',
  why3: 'Optional uses, such as showing your name on a public complaint, happen only if you choose them, and you can withdraw that choice.',
  whoTitle: 'Who can see it',
  who1: 'The public sees the content of public and anonymous complaints, without names, emails or phone numbers. Confidential complaints are not shown publicly.',
  who2: 'Verifiers and the department staff handling your complaint can see your contact details in order to reach you. Every time contact details are opened, it is recorded.',
  who3: 'For anonymous complaints your identity is hidden from everyone, staff included.',
  who4: 'We do not sell or share your data with others for commercial purposes.',
  keepTitle: 'How long it is kept',
  keep1:
    'Contact details on closed complaints are deleted automatically {contactMonths} months after closure; the complaint’s content is kept without identity for the public record and statistics.',
  keep2: 'Complaint photos are deleted {photoMonths} months after the complaint is closed.',
  keep3: 'Your account is kept until you ask for it to be deleted.',
  rightsTitle: 'Your rights',
  rights1: 'To be informed about the processing of your data (this page).',
  rights2: 'To access your data and get a copy of it.',
  rights3: 'To correct inaccurate data.',
  rights4:
    'To have your personal data erased: your account is closed and contact details removed, while complaints and contributions remain without your identity.',
  rights5: 'To withdraw consent for optional uses.',
  howTitle: 'How to use your rights',
  how1: 'With an account: open your account page to download or correct your data and to ask for erasure.',
  how2: 'Without an account: use your complaint’s tracking code and access key.',
  how3: 'Every request is recorded and answered within 3 × 24 hours.',
  contactTitle: 'Data protection officer',
  contactText: 'Questions and complaints about personal data can be sent to the data protection officer:',
  breachText: 'If personal data protection fails, the people affected will be told within 3 × 24 hours.',
};

import { type ProviderQuirks, generic } from '../oauth/quirks.js';

/** How Box's OAuth departs from plain OAuth 2 (from its published documentation). */
export const boxOAuth: ProviderQuirks = {
  ...generic,
  id: 'box',
  // Box refresh tokens are single use: the new one in every refresh answer must be stored (standardParse does).
};

// Default tracking parameters: the UTM convention, used when an account configures none.

/** Query parameters added to tracked links unless `tracking.params` says otherwise. */
export const DEFAULT_TRACKING_PARAMS: Readonly<Record<string, string>> = {
  utm_source: '{platform}',
  utm_medium: 'social',
  utm_campaign: '{account}',
  utm_content: '{code}',
};

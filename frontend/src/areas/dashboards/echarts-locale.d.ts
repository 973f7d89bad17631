// ECharts ships its locales as ES modules without declarations next to them (lib/i18n/langKO.js): the Korean
// locale is the object registerLocale takes.
declare module "echarts/lib/i18n/langKO.js" {
  const locale: Parameters<typeof import("echarts/core").registerLocale>[1];
  export default locale;
}

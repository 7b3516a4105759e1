// Tells the portal the browser's time zone, so dates are shown in local time (src/web/locale.rs).
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      document.cookie = "portal_tz=" + encodeURIComponent(zone) +
        "; path=/; max-age=31536000; samesite=lax" +
        (location.protocol === "https:" ? "; secure" : "");
    }
  } catch (e) {
    // No Intl: dates stay in UTC.
  }
})();

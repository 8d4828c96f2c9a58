/** Which links belong to the site being checked: same host and port, with or without "www.". */
export function siteKey(url: string | URL): string {
  return new URL(url).host.toLowerCase().replace(/^www\./, '')
}

export function isSameSite(url: string, homeUrl: string): boolean {
  return siteKey(url) === siteKey(homeUrl)
}

/** Files that are not web pages: not fetched, so they neither use up the page limit nor get checked. */
const fileExtension =
  /\.(pdf|jpe?g|png|gif|webp|avif|svg|ico|bmp|tiff?|mp3|mp4|m4a|mov|avi|webm|wav|ogg|zip|gz|tgz|rar|7z|dmg|exe|docx?|xlsx?|pptx?|odt|ods|csv|css|js|woff2?|ttf|eot)$/i

export function looksLikeFile(url: string): boolean {
  return fileExtension.test(new URL(url).pathname)
}

/**
 * Every finding a site check can report, as data: the docs (docs/site-check.md), the CLI, the
 * API and the web app all read this one table. Messages are templates: {name} is filled in.
 */
export type Severity = 'error' | 'warning' | 'info'

export interface SeoRule {
  id: string
  severity: Severity
  /** 1–100: how much it costs in search. Findings are ranked by severity, then impact. */
  impact: number
  /** A short name for lists and headings. */
  title: string
  message: string
  why: string
  fix: string
}

const table = [
  {
    id: 'home-unreachable',
    severity: 'error',
    impact: 100,
    title: 'Home page does not load',
    message: 'The home page answered {status}.',
    why: 'Search engines cannot index a page that does not load, and visitors from a search result land on an error.',
    fix: 'Make the address answer 200 with the home page; check the server, the domain and any redirect rules.',
  },
  {
    id: 'home-blocked-by-robots',
    severity: 'error',
    impact: 98,
    title: 'robots.txt blocks the home page',
    message: 'robots.txt tells crawlers not to fetch the home page ({rule}).',
    why: 'Search engines obey robots.txt: a blocked home page drops out of results or shows without a description.',
    fix: 'Remove or narrow the "Disallow" line in robots.txt that matches "/".',
  },
  {
    id: 'noindex',
    severity: 'error',
    impact: 95,
    title: 'Page asks not to be indexed',
    message: 'This page asks search engines not to index it ({source}).',
    why: 'A page marked noindex never appears in search results, however good it is.',
    fix: 'Remove "noindex" from the robots meta tag or the X-Robots-Tag header, unless the page really should stay out of search.',
  },
  {
    id: 'broken-link',
    severity: 'error',
    impact: 90,
    title: 'Broken link',
    message: 'Links to {target}, which {problem}.',
    why: 'Broken links send visitors and crawlers to dead ends and tell search engines the site is not looked after.',
    fix: 'Point the link at a page that exists, or restore the missing page (or redirect its old address to the new one).',
  },
  {
    id: 'title-missing',
    severity: 'error',
    impact: 85,
    title: 'No title',
    message: 'This page has no <title>.',
    why: 'The title is the blue link in search results; without one, search engines make one up, usually a poor one.',
    fix: 'Add a <title> in the <head> that says what the page offers and who you are, in 20 to 60 characters.',
  },
  {
    id: 'not-https',
    severity: 'error',
    impact: 80,
    title: 'Not served over HTTPS',
    message: 'The site answers over plain HTTP ({url}) instead of HTTPS.',
    why: 'Browsers mark HTTP pages "Not secure" and search engines prefer HTTPS pages in results.',
    fix: 'Get a free certificate (for example from Let\'s Encrypt, or your host\'s "SSL" setting) and redirect every http:// address to https://.',
  },
  {
    id: 'viewport-missing',
    severity: 'error',
    impact: 75,
    title: 'No mobile viewport',
    message: 'This page has no <meta name="viewport"> tag.',
    why: 'Search engines rank the mobile version of a page; without a viewport tag phones show a shrunken desktop page.',
    fix: 'Add <meta name="viewport" content="width=device-width, initial-scale=1"> to the <head>.',
  },
  {
    id: 'canonical-conflict',
    severity: 'error',
    impact: 70,
    title: 'Conflicting canonical URLs',
    message: 'This page names several canonical URLs: {urls}.',
    why: 'When canonical URLs disagree, search engines ignore them all and may index the wrong version of the page.',
    fix: 'Keep exactly one canonical URL per page (one <link rel="canonical">, and a Link header only if it says the same).',
  },
  {
    id: 'title-duplicate',
    severity: 'warning',
    impact: 65,
    title: 'Duplicate title',
    message: 'The title "{title}" is also used by {others}.',
    why: 'Pages with the same title compete with each other in results, and people cannot tell them apart.',
    fix: 'Give each page its own title that says what is different about it.',
  },
  {
    id: 'structured-data-invalid',
    severity: 'warning',
    impact: 62,
    title: 'Unreadable structured data',
    message: 'A JSON-LD block cannot be used: {reason}.',
    why: 'Search engines skip structured data they cannot read, so the rich result it was meant for never shows.',
    fix: 'Fix the block so it is valid JSON with "@context": "https://schema.org" and an "@type"; test it with a rich results validator.',
  },
  {
    id: 'description-missing',
    severity: 'warning',
    impact: 60,
    title: 'No meta description',
    message: 'This page has no meta description.',
    why: 'The description is the text under the title in search results; without one, search engines pick a random snippet.',
    fix: 'Add <meta name="description" content="..."> with one or two sentences (50 to 160 characters) that make people want to click.',
  },
  {
    id: 'description-duplicate',
    severity: 'warning',
    impact: 55,
    title: 'Duplicate meta description',
    message: 'The same meta description is also used by {others}.',
    why: 'Repeated descriptions make different pages look the same in results.',
    fix: 'Write a description for each page about what that page offers.',
  },
  {
    id: 'h1-missing',
    severity: 'warning',
    impact: 50,
    title: 'No h1 heading',
    message: 'This page has no <h1> heading.',
    why: 'The main heading tells search engines and screen readers what the page is about.',
    fix: "Put the page's main topic in one <h1> near the top.",
  },
  {
    id: 'sitemap-missing',
    severity: 'warning',
    impact: 50,
    title: 'No sitemap',
    message: 'No sitemap found at {url} ({problem}).',
    why: 'A sitemap lists every page you want found, so search engines discover new and deep pages quickly.',
    fix: 'Publish /sitemap.xml listing your pages (most site builders have a setting), and name it in robots.txt with "Sitemap: https://.../sitemap.xml".',
  },
  {
    id: 'img-alt-missing',
    severity: 'warning',
    impact: 45,
    title: 'Images without alt text',
    message: '{count} image(s) without alt text: {sources}.',
    why: 'Search engines read alt text to understand images (and show them in image search); screen readers read it aloud.',
    fix: 'Add alt="..." describing each image; use alt="" for purely decorative images.',
  },
  {
    id: 'redirect-chain',
    severity: 'warning',
    impact: 45,
    title: 'Redirect chain',
    message: '{target} takes {count} redirects to reach {final}.',
    why: 'Each redirect slows the visit and search engines may stop following a long chain.',
    fix: 'Link straight to the final address, and make old addresses redirect to it in one step.',
  },
  {
    id: 'title-too-long',
    severity: 'warning',
    impact: 40,
    title: 'Title too long',
    message: 'The title is {length} characters; search results cut it after about 60.',
    why: 'A cut-off title hides its end, often the business name or the offer.',
    fix: 'Shorten the title to 60 characters or fewer, most important words first.',
  },
  {
    id: 'canonical-missing',
    severity: 'warning',
    impact: 40,
    title: 'No canonical URL',
    message: 'This page does not name its canonical URL.',
    why: 'The same page is often reachable at several addresses (with www, with tracking tags); the canonical URL tells search engines which one to show.',
    fix: 'Add <link rel="canonical" href="https://.../this-page"> with the page\'s preferred full address.',
  },
  {
    id: 'canonical-invalid',
    severity: 'warning',
    impact: 40,
    title: 'Invalid canonical URL',
    message: 'The canonical URL "{href}" is not a full http(s) address.',
    why: 'Search engines ignore a canonical URL they cannot use.',
    fix: 'Use the full address, starting with https://, in the canonical link.',
  },
  {
    id: 'page-heavy',
    severity: 'warning',
    impact: 40,
    title: 'Heavy page',
    message: "The page's HTML is {size}; aim for under {limit}.",
    why: 'Heavy pages load slowly on phones; speed counts in ranking and visitors leave slow pages.',
    fix: 'Remove inlined images, fonts and scripts from the HTML, and split very long pages.',
  },
  {
    id: 'lang-missing',
    severity: 'warning',
    impact: 35,
    title: 'No page language',
    message: 'The <html> element has no lang attribute.',
    why: 'The language helps search engines show the page to people searching in that language, and screen readers pronounce it right.',
    fix: 'Add the language to the html tag, for example <html lang="en">.',
  },
  {
    id: 'lang-invalid',
    severity: 'warning',
    impact: 35,
    title: 'Invalid page language',
    message: '"{lang}" is not a valid language code.',
    why: 'Search engines and screen readers cannot use a language code they do not recognise.',
    fix: 'Use a standard code such as "en", "en-GB", "fr" or "de".',
  },
  {
    id: 'og-missing',
    severity: 'warning',
    impact: 30,
    title: 'Missing Open Graph tags',
    message: 'Missing Open Graph tags: {tags}.',
    why: 'When someone shares the page on a social network, Open Graph tags choose its title, text and picture; without them the preview is bare or wrong.',
    fix: 'Add <meta property="og:title">, <meta property="og:description"> and <meta property="og:image"> (an image of at least 1200×630) to the <head>.',
  },
  {
    id: 'structured-data-missing',
    severity: 'warning',
    impact: 30,
    title: 'No structured data',
    message: 'The home page has no structured data (JSON-LD).',
    why: 'Structured data tells search engines your business name, address, hours and logo, which can show directly in results and maps.',
    fix: 'Add a <script type="application/ld+json"> block describing your business as a schema.org LocalBusiness or Organization.',
  },
  {
    id: 'title-too-short',
    severity: 'warning',
    impact: 30,
    title: 'Title too short',
    message: 'The title is {length} characters; aim for 20 to 60.',
    why: 'A very short title wastes the most visible words in search results.',
    fix: 'Say what the page offers and who you are, for example "Sourdough and pastries in Leeds | Corner Bakery".',
  },
  {
    id: 'description-too-long',
    severity: 'warning',
    impact: 25,
    title: 'Meta description too long',
    message: 'The meta description is {length} characters; search results cut it after about 160.',
    why: 'A cut-off description loses its last words, often the call to action.',
    fix: 'Shorten it to 160 characters or fewer.',
  },
  {
    id: 'description-too-short',
    severity: 'warning',
    impact: 25,
    title: 'Meta description too short',
    message: 'The meta description is {length} characters; aim for 50 to 160.',
    why: 'A very short description gives searchers little reason to click, and search engines may replace it.',
    fix: 'Write one or two full sentences about what the page offers.',
  },
  {
    id: 'robots-txt-missing',
    severity: 'info',
    impact: 20,
    title: 'No robots.txt',
    message: 'No robots.txt at {url} ({problem}).',
    why: 'Without robots.txt everything may be crawled, which is fine, but it is also where crawlers look for your sitemap.',
    fix: 'Publish /robots.txt; a minimal one is "User-agent: *", "Allow: /" and a "Sitemap:" line.',
  },
  {
    id: 'h1-multiple',
    severity: 'info',
    impact: 15,
    title: 'Several h1 headings',
    message: 'This page has {count} <h1> headings.',
    why: 'Several main headings blur what the page is about; search engines cope, but one clear h1 is easier for everyone.',
    fix: "Keep one <h1> for the page's topic and make the others <h2>.",
  },
  {
    id: 'page-blocked-by-robots',
    severity: 'info',
    impact: 10,
    title: 'Linked page blocked by robots.txt',
    message: 'Links to {target}, which robots.txt keeps crawlers away from.',
    why: 'Search engines will not read a blocked page, so it cannot rank; fine for private pages, a mistake for public ones.',
    fix: 'If the page should be found, remove the robots.txt line that blocks it.',
  },
  {
    id: 'crawl-incomplete',
    severity: 'info',
    impact: 5,
    title: 'Not every page was checked',
    message: '{count} more page(s) of this site were found but not checked ({reason}).',
    why: 'The check stops at a page limit and a time limit; pages past them are not looked at.',
    fix: 'Fix what was found and run the check again, or raise the page limit.',
  },
] as const satisfies readonly SeoRule[]

export type RuleId = (typeof table)[number]['id']

export const seoRules: readonly SeoRule[] = table

const byId = new Map<string, SeoRule>(table.map((rule) => [rule.id, rule]))

export function seoRule(id: RuleId): SeoRule {
  const rule = byId.get(id)
  if (!rule) throw new Error(`unknown SEO rule ${id}`)
  return rule
}

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 }

/** Fills {name} placeholders; a missing value stays visible as {name} so tests catch it. */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  )
}

import { describe, expect, test } from 'vitest'
import { classifyAgent, describeAgent } from './agents.js'
import { referrerHost } from './referrer.js'

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'
const INSTAGRAM_ANDROID =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 Instagram 300.0.0.29.110 Android (33/13; 420dpi; 1080x2400; Google/google; Pixel 7; panther; panther; en_US; 514327624)'
const FACEBOOK_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/438.0.0.38.118;FBBV/543212345;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.0;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]'
const LINKEDIN_APP =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.1234'

describe('who is asking', () => {
  test.each([
    ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'],
    ['Twitterbot/1.0'],
    ['LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)'],
    ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
    ['Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
    ['WhatsApp/2.23.20.0'],
    ['TelegramBot (like TwitterBot)'],
    ['Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)'],
    ['http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.social/)'],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
    ],
  ])('preview fetcher: %s', (ua) => {
    expect(classifyAgent('GET', ua)).toBe('preview')
  })

  test.each([
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
    ['curl/8.4.0'],
    ['python-requests/2.31.0'],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
    ],
  ])('bot: %s', (ua) => {
    expect(classifyAgent('GET', ua)).toBe('bot')
  })

  test('people, including in-app browsers, are people; HEAD and no user agent are not', () => {
    for (const ua of [IPHONE, CHROME, INSTAGRAM_ANDROID, FACEBOOK_IOS, LINKEDIN_APP])
      expect(classifyAgent('GET', ua)).toBe('human')
    expect(classifyAgent('HEAD', IPHONE)).toBe('bot')
    expect(classifyAgent('GET', '')).toBe('bot')
    expect(classifyAgent('GET', undefined)).toBe('bot')
  })

  test('device, browser and system', () => {
    expect(describeAgent(IPHONE)).toEqual({ device: 'mobile', browser: 'Mobile Safari', os: 'iOS' })
    expect(describeAgent(CHROME)).toEqual({ device: 'desktop', browser: 'Chrome', os: 'Windows' })
    expect(describeAgent('Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X)').device).toBe('tablet')
  })

  test('referrer hosts: host only, no www, network redirectors named after the network', () => {
    expect(referrerHost('https://www.example.com/private/path?email=a@b')).toBe('example.com')
    expect(referrerHost('https://t.co/abc')).toBe('x.com')
    expect(referrerHost('https://l.instagram.com/?u=x')).toBe('instagram.com')
    expect(referrerHost('https://lm.facebook.com/l.php')).toBe('facebook.com')
    expect(referrerHost('')).toBeNull()
    expect(referrerHost('not a url')).toBeNull()
    expect(referrerHost('file:///etc/passwd')).toBeNull()
  })
})

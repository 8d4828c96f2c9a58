import type { PageSettings, PageSettingsInput } from '../../api/page-types.js'

/** Everything the editor can change, as the PUT /page body takes it. */
export type PageDraft = Required<
  Omit<PageSettingsInput, 'image_media_id' | 'custom_domain' | 'show_posts'>
> &
  Pick<PageSettingsInput, 'show_posts'>

export function draftOf(settings: PageSettings): PageDraft {
  return {
    published: settings.published,
    slug: settings.slug,
    seo_title: settings.seo_title,
    description: settings.description,
    language: settings.language,
    business_type: settings.business_type,
    logo_url: settings.logo_url,
    image_url: settings.image_url,
    contact: { ...settings.contact },
    opening_hours: settings.opening_hours.map((range) => ({ ...range, days: [...range.days] })),
    hours_note: settings.hours_note,
    theme: { ...settings.theme },
    show_posts: settings.show_posts,
    links: settings.links.map(({ label, url }) => ({ label, url })),
  }
}

/** Empty text fields are sent as null, which is what "not set" means to the API. */
export const orNull = (text: string): string | null => (text.trim() === '' ? null : text)

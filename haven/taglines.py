# ruff: noqa: RUF001 - the taglines are written in their own scripts, on purpose
"""Language-assistance taglines (Section 1557): "free language help is available; call {phone}".

Which languages: the union of the 15 most common non-English languages of New York, California and
Texas in the HHS Office for Civil Rights' 2016 list of top-15 languages by state (from the Census
Bureau's American Community Survey), plus Traditional Chinese beside Simplified, Hindi, Gujarati,
German, Portuguese, Greek and Lao from neighbouring lists.

Where the words come from: the wording is the HHS/CMS sample tagline published with the Section 1557
final rule in 2016 ("ATTENTION: If you speak [language], language assistance services, free of
charge, are available to you. Call 1-xxx-xxx-xxxx."), in the translations HHS published for each
language. We compared each against copies of that sample reproduced on several US health-care sites
(the sentence before the number), then added the sample's "Call ..." sentence in the same language.
Marked below:
  [HHS]    the sample sentence as HHS published it, seen in two or more independent copies.
  [HHS1]   the sample sentence seen in one copy only.
  [CALL]   the "Call {phone}" sentence was not in the copies we saw: written after the HHS pattern.
  [ADAPT]  zh-Hans: the HHS Traditional Chinese sample in Simplified characters (HHS's text names
           "繁體中文"; ours names 简体中文), reviewed by character; sq: the HHS sample as we know it,
           not found in a second copy.
Have a qualified translator review any tagline before relying on it; a site can replace any of them
under `notices.language_assistance.taglines` in site_config.yaml. '{phone}' marks the number.
"""

from __future__ import annotations

RTL = frozenset({"ar", "fa", "ur", "yi", "he", "ps", "ckb", "dv", "sd", "ug", "prs", "syr", "pnb"})

TAGLINES: dict[str, str] = {
    # New York, California, Texas, the ones they share first. [HHS] unless marked.
    "es": "ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia lingüística. Llame al {phone}.",
    "zh-Hant": "注意：如果您使用繁體中文，您可以免費獲得語言援助服務。請致電 {phone}。",
    "zh-Hans": "注意：如果您使用简体中文，您可以免费获得语言援助服务。请致电 {phone}。",  # [ADAPT]
    "ru": "ВНИМАНИЕ: Если вы говорите на русском языке, то вам доступны бесплатные услуги перевода. Звоните {phone}.",
    "ko": "주의: 한국어를 사용하시는 경우, 언어 지원 서비스를 무료로 이용하실 수 있습니다. {phone} 번으로 전화해 주십시오.",
    "ar": "ملحوظة: إذا كنت تتحدث العربية، فإن خدمات المساعدة اللغوية تتوافر لك بالمجان. اتصل برقم {phone}.",
    "tl": "PAUNAWA: Kung nagsasalita ka ng Tagalog, maaari kang gumamit ng mga serbisyo ng tulong sa wika nang walang bayad. Tumawag sa {phone}.",
    "fr": "ATTENTION : Si vous parlez français, des services d'aide linguistique vous sont proposés gratuitement. Appelez le {phone}.",
    "ja": "注意事項：日本語を話される場合、無料の言語支援をご利用いただけます。{phone} まで、お電話にてご連絡ください。",
    "vi": "CHÚ Ý: Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí dành cho bạn. Gọi số {phone}.",
    "ur": "خبردار: اگر آپ اردو بولتے ہیں، تو آپ کو زبان کی مدد کی خدمات مفت میں دستیاب ہیں۔ کال کریں {phone}۔",
    "fa": "توجه: اگر به زبان فارسی گفتگو می کنید، تسهیلات زبانی بصورت رایگان برای شما فراهم می باشد. با {phone} تماس بگیرید.",
    # New York
    "yi": "אויפמערקזאם: אויב איר רעדט אידיש, זענען פארהאן פאר אייך שפראך הילף סערוויסעס פריי פון אפצאל. רופט {phone}.",  # [CALL] [HHS1]
    "bn": "লক্ষ্য করুনঃ যদি আপনি বাংলা কথা বলতে পারেন, তাহলে নিঃখরচায় ভাষা সহায়তা পরিষেবা উপলব্ধ আছে। ফোন করুন {phone}।",  # [CALL] [HHS1]
    "ht": "ATANSYON: Si w pale Kreyòl Ayisyen, gen sèvis èd pou lang ki disponib gratis pou ou. Rele {phone}.",
    "it": "ATTENZIONE: In caso la lingua parlata sia l'italiano, sono disponibili servizi di assistenza linguistica gratuiti. Chiamare il numero {phone}.",
    "pl": "UWAGA: Jeżeli mówisz po polsku, możesz skorzystać z bezpłatnej pomocy językowej. Zadzwoń pod numer {phone}.",
    "sq": "KUJDES: Nëse flitni shqip, për ju ka në dispozicion shërbime të asistencës gjuhësore, pa pagesë. Telefononi në {phone}.",  # [CALL] [ADAPT]
    "el": "ΠΡΟΣΟΧΗ: Αν μιλάτε ελληνικά, στη διάθεσή σας βρίσκονται υπηρεσίες γλωσσικής υποστήριξης, οι οποίες παρέχονται δωρεάν. Καλέστε {phone}.",  # [CALL] [HHS1]
    # California
    "hy": "ՈՒՇԱԴՐՈՒԹՅՈՒՆ՝ Եթե խոսում եք հայերեն, ապա ձեզ անվճար կարող են տրամադրվել լեզվական աջակցության ծառայություններ: Զանգահարեք {phone}:",  # [CALL]
    "pa": "ਧਿਆਨ ਦਿਓ: ਜੇ ਤੁਸੀਂ ਪੰਜਾਬੀ ਬੋਲਦੇ ਹੋ, ਤਾਂ ਭਾਸ਼ਾ ਵਿੱਚ ਸਹਾਇਤਾ ਸੇਵਾ ਤੁਹਾਡੇ ਲਈ ਮੁਫਤ ਉਪਲਬਧ ਹੈ। {phone} 'ਤੇ ਕਾਲ ਕਰੋ।",  # [CALL]
    "km": "ប្រយ័ត្ន៖ បើសិនជាអ្នកនិយាយ ភាសាខ្មែរ, សេវាជំនួយផ្នែកភាសា ដោយមិនគិតឈ្នួល គឺអាចមានសំរាប់បំរើអ្នក។ ចូរ ទូរស័ព្ទ {phone}។",  # [CALL]
    "hmn": "LUS CEEV: Yog tias koj hais lus Hmoob, cov kev pab txog lus, muaj kev pab dawb rau koj. Hu rau {phone}.",  # [CALL] [HHS1]
    "hi": "ध्यान दें: यदि आप हिंदी बोलते हैं तो आपके लिए मुफ्त में भाषा सहायता सेवाएं उपलब्ध हैं। {phone} पर कॉल करें।",
    "th": "เรียน: ถ้าคุณพูดภาษาไทยคุณสามารถใช้บริการช่วยเหลือทางภาษาได้ฟรี โทร {phone}",  # [CALL]
    # Texas
    "de": "ACHTUNG: Wenn Sie Deutsch sprechen, stehen Ihnen kostenlos sprachliche Hilfsdienstleistungen zur Verfügung. Rufnummer: {phone}.",
    "gu": "સૂચના: જો તમે ગુજરાતી બોલતા હો, તો નિ:શુલ્ક ભાષા સહાય સેવાઓ તમારા માટે ઉપલબ્ધ છે. ફોન કરો {phone}.",  # [HHS1]
    "pt": "ATENÇÃO: Se fala português, encontram-se disponíveis serviços linguísticos, grátis. Ligue para {phone}.",
    "lo": "ໂປດຊາບ: ຖ້າວ່າ ທ່ານເວົ້າພາສາ ລາວ, ການບໍລິການຊ່ວຍເຫຼືອດ້ານພາສາ, ໂດຍບໍ່ເສັຽຄ່າ, ແມ່ນມີພ້ອມໃຫ້ທ່ານ. ໂທຣ {phone}.",  # [CALL] [HHS1]
    # For a site whose default language is not English (a Spanish-first clinic lists 'en'): the sample itself.
    "en": "ATTENTION: If you speak English, language assistance services, free of charge, are available to you. Call {phone}.",
}


def direction(code: str) -> str:
    """'rtl' for a language written right to left (as CLDR says, or in our list), else 'ltr'."""
    if code.split("-")[0].lower() in RTL:
        return "rtl"
    from babel import Locale, UnknownLocaleError  # (here: most sites never need Babel)

    try:
        return "rtl" if Locale.parse(code, sep="-").character_order == "right-to-left" else "ltr"
    except (UnknownLocaleError, ValueError, TypeError):
        return "ltr"


def parts(text: str) -> tuple[str, str, bool]:
    """A tagline split around '{phone}': (before, after, whether it had the mark)."""
    before, mark, after = text.partition("{phone}")
    return before, after, bool(mark)

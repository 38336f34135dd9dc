"""Line rules: name the site chrome that extracted news text carries, one line at a time.

Text that reaches copydesk was usually pulled out of HTML by a crawler that kept every visible
block: share buttons, "Follow us" lines, cookie banners, section labels, teaser blocks after
"Related", author blurbs, copyright footers. Each of those has a recognisable *shape* in every
language, and the rules below describe those shapes. A rule only fires when a whole line has the
shape (patterns are anchored at both ends of the line), so a body paragraph that merely mentions
a newsletter or cookies survives.

Three kinds of rule:
- *alone* phrases: the line is the phrase and nothing else but decoration ("Share", "World",
  "Anzeige", "Czytaj także:"); most chrome is of this kind.
- *lead* phrases: the line opens with the phrase and may go on ("We use cookies ...",
  "Follow us on ...", "Read more: <other story>"); each lead caps the line length and may ask
  for a confirming word later in the line ("Sign up ... newsletter").
- *shape* patterns: copyright lines, breadcrumbs, runs of social-network names, author and agency
  blurbs, photo credits.

Rules for a rare substring anywhere in a short line ("All rights reserved", an e-mail address)
find their lines through one scan for all such needles (`needles.py`); the lists whose items each
carry a time stamp, reader comments and teasers, are found in `stamps.py`.

Speed: the cleaner must reach thousands of documents per second per core. All phrases are
compiled into prefix tries inside ONE multiline regular expression that runs over the whole
document in C (in two forms: with and without the breadcrumb shape, for texts that cannot hold
one); Python only touches lines that matched. The patterns are written so that the engine can
reject most lines on their first character (see `tries.trie`, `_shapes_pattern`, `_name_start`).
Every repeat is bounded or possessive, so matching stays linear in the input length even on
adversarial megabyte lines.

Vocabulary is kept per rule in plain phrase lists (English, German, Polish, French, Spanish,
Portuguese, Italian and Dutch; the most common chrome also in Russian, Ukrainian, Turkish, Arabic,
Chinese, Japanese and Korean; the author blurb's shapes are in the first eight, its beats, "<Name>
covers <beat> for <outlet>", in the first five only): adding a language is adding words, not
structure.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np

from copydesk.clean.needles import NeedleSearch
from copydesk.clean.rows import PROSE_MIN_CHARS, SENTENCE_END, RowCounter, is_prose, width
from copydesk.clean.stamps import DATE_LEADS, DATE_WORDS, WEEKDAYS, comment_thread, stamped_lists
from copydesk.clean.tries import WS, phrase_key, trie, tries_by_initial
from copydesk.normalize import CJK_CLASS
from copydesk.normalize import lower_text as lower_text  # where the rules' callers look

# --------------------------------------------------------------------------------------------
# Vocabulary. Phrases are plain text; a space inside a phrase matches a short run of spaces and
# case never matters.
# (Kept in dense lists: one phrase per line would make the vocabulary unreadable.)
# fmt: off

_SHARE = (
    "Share", "Share this", "Share this article", "Share this story", "Share this page",
    "Share this post", "Share article", "Share story", "Share via", "Share on", "Tweet",
    "Tweet this", "Click to share", "Share this on", "Sharing", "Print this page",
    "Print this article", "Print article", "Email this article", "Send to a friend",
    "Teilen", "Teile", "Teile diesen Artikel", "Diesen Artikel teilen", "Artikel teilen",
    "Artikel drucken", "Artikel versenden",
    "Beitrag teilen", "Seite teilen", "Teilen auf", "Jetzt teilen", "Udostępnij",
    "Udostępnij artykuł", "Udostępnij na", "Podziel się", "Partager", "Partager cet article",
    "Partager sur", "Partager l'article", "Compartir", "Compartir en", "Compartir artículo",
    "Compartir esta noticia", "Compartilhar", "Condividi", "Delen",
    # Portuguese, Italian, Dutch
    "Compartilhe", "Compartilhar no", "Partilhar", "Partilhe", "Condividi su",
    "Condividi l'articolo", "Deel", "Deel dit artikel", "Delen op", "Deel op",
    # WordPress's share and like buttons ("Like this:", "Like Loading...")
    "Like this", "Like Loading", "Teilen mit", "Teilen Sie dies mit", "Gefällt mir",
    "Gefällt mir Wird geladen", "Me gusta esto", "Curtir isso", "Gosto disto", "Mi piace",
    "Vind ik leuk", "Per E-Mail teilen", "Per Mail teilen", "Link copied", "Link kopiert",
    "Pin it", "Pin", "Teile diesen Beitrag", "Diesen Beitrag teilen", "Diese Geschichte teilen",
    "Geschichte teilen", "News teilen", "Sharen mit", "Share on social media",
    "Auf Social Media teilen", "Teile diesen Beitrag auf Social Media", "Be Sociable, Share!",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Поделиться", "Поделиться в", "Поделиться статьей", "Поделиться новостью", "Поделитесь",
    "Распечатать", "Версия для печати", "Поділитися", "Поширити", "Paylaş", "Haberi paylaş",
    "Yazdır", "شارك", "شارك هذا المقال", "شارك الخبر", "مشاركة", "طباعة", "分享", "分享到",
    "分享至", "打印", "列印", "シェア", "シェアする", "この記事をシェアする", "ツイート", "印刷",
    "공유", "공유하기", "인쇄", "この記事をシェア", "复制链接", "複製連結", "SNS 기사보내기",
    "기사보내기", "링크 복사", "좋아요",
)
# Names that, listed on a line of their own, are share/follow buttons.
_NETWORKS = (
    "Facebook", "Twitter", "X", "LinkedIn", "WhatsApp", "Pinterest", "Reddit", "Telegram",
    "Instagram", "YouTube", "TikTok", "Flipboard", "Xing", "Tumblr", "Threads", "Bluesky",
    "Mastodon", "Messenger", "Google+", "Google Plus", "Email", "E-Mail", "Mail", "Print",
    "Drucken", "Drukuj", "Imprimer", "Imprimir", "SMS", "Copy link", "Link kopieren",
    "Kopiuj link", "Copier le lien", "Copiar enlace", "Copiar link", "Pocket", "VK", "Wykop",
    "Snapchat", "RSS",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "ВКонтакте", "Одноклассники", "Дзен", "WeChat", "Weibo", "微信", "微博", "QQ空间", "LINE",
    "KakaoTalk", "카카오톡", "카카오스토리", "はてなブックマーク",
)
_SOCIAL_ALONE = (
    "Stay connected", "Keep in touch", "Get social", "Social media", "Social", "Follow",
    "Follow us", "Connect with us", "Folgen", "Obserwuj", "Suivre", "Seguir", "Segui", "Volg",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Мы в соцсетях", "Мы в социальных сетях", "Подписывайтесь", "Следите за нами",
    "Ми в соцмережах", "Bizi takip edin", "Takip et", "تابعونا", "تابعنا", "关注我们", "關注我們",
    "フォローする", "팔로우",
)
_SOCIAL_LEAD = (
    "Connect with us", "Follow us", "Follow us on", "Like us on", "Find us on", "Join us on",
    "Folgen Sie uns", "Folge uns", "Besuchen Sie uns auf", "Obserwuj nas", "Śledź nas",
    "Dołącz do nas na", "Suivez-nous", "Retrouvez-nous sur", "Rejoignez-nous sur", "Síguenos",
    "Siga-nos", "Seguici", "Volg ons", "Seguici su", "Volg ons op", "Nos siga",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Подписывайтесь на", "Подпишитесь на наш", "Следите за нами в", "Читайте нас в",
    "Присоединяйтесь к нам в", "Підписуйтесь на", "Стежте за нами в", "Bizi takip edin",
    "تابعونا على", "تابعنا على",
)
# "关注我们" (follow us) also opens prose ("关注我们的人越来越多"): a social lead only where a
# network or an account is named ("关注我们的微信公众号").
_SOCIAL_LEAD_NAMED = ("关注我们", "關注我們", "扫码关注", "掃碼關注", "扫一扫", "掃一掃")
_SOCIAL_NAMED_RE = re.compile(
    r"(?i)微信|微博|公众号|公眾號|抖音|视频号|头条号|客户端|twitter|facebook|instagram|telegram"
)
_NEWSLETTER_ALONE = (
    "Newsletter", "Newsletters", "Subscribe", "Subscribe now", "Sign up", "Sign up now",
    "Newsletter abonnieren", "Zum Newsletter", "Abonnieren", "Newsletter bestellen",
    "Zapisz się", "Zapisz się do newslettera", "Newsletter zapisz się", "S'abonner",
    "S'inscrire", "Abonnez-vous", "Inscription à la newsletter", "Suscríbete", "Suscribirse",
    "Suscribirme", "Enter your email", "Enter your email address", "E-Mail-Adresse",
    "Adres e-mail", "Adresse e-mail", "Correo electrónico", "Email address", "Your email",
    "Ihre E-Mail-Adresse", "Twój adres e-mail", "Votre adresse e-mail", "Tu correo electrónico",
    "Invalid email", "Please enter a valid email address",
    # Portuguese, Italian, Dutch
    "Assine", "Assine já", "Inscreva-se", "Cadastre-se", "Receba a newsletter", "Seu e-mail",
    "Iscriviti", "Iscriviti alla newsletter", "Abbonati", "La tua email", "Aanmelden",
    "Abonneren", "Schrijf je in", "Inschrijven", "Nieuwsbrief", "Je e-mailadres",
    "Jetzt Newsletter abonnieren", "Zum Newsletter anmelden", "Newsletter anmelden",
    "Aanmelden voor de nieuwsbrief", "Meld je aan voor de nieuwsbrief",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Подписаться", "Подписка", "Подписка на рассылку", "Рассылка", "Подпишитесь на рассылку",
    "Підписатися", "Розсилка", "Abone ol", "Bülten", "E-bülten", "اشترك", "اشترك الآن",
    "النشرة البريدية", "النشرة الإخبارية", "订阅", "立即订阅", "訂閱", "メールマガジン",
    "メルマガ登録", "ニュースレター", "구독", "구독하기", "뉴스레터",
)
# The thanks and the confirmation a sign-up form shows: "Thanks for signing up!", "An email with
# an activation link has just been sent to your email address."
_NEWSLETTER_THANKS = (
    "Thanks for signing up", "Thank you for signing up", "Thanks for subscribing",
    "Thank you for subscribing", "An email with an activation link",
    "Please check your inbox to confirm", "Vielen Dank für Ihre Anmeldung",
    "Danke für Ihre Anmeldung", "Danke für deine Anmeldung", "Dziękujemy za zapisanie się",
    "Merci pour votre inscription", "Gracias por suscribirte", "Obrigado por se inscrever",
    "Grazie per l'iscrizione", "Bedankt voor je aanmelding",
)
_NEWSLETTER_LEAD = (
    "Sign up", "Subscribe to", "Get our", "Get the", "Enter your email", "Your email address",
    "Thank you for signing up", "Thanks for signing up", "Thank you for subscribing",
    "Newsletter", "Jetzt anmelden", "Melden Sie sich", "Abonnieren Sie", "Bestellen Sie",
    "Zapisz się", "Zamów", "Inscrivez-vous", "Abonnez-vous", "Recevez", "Suscríbete",
    "Suscribete", "Regístrate", "Recibe", "Iscriviti", "Get", "Assine", "Inscreva-se", "Receba",
    "Cadastre-se", "Ricevi", "Abbonati", "Meld je aan", "Schrijf je in", "Ontvang",
    "Never miss", "Gib deine E-Mail-Adresse ein", "Geben Sie Ihre E-Mail-Adresse ein",
    "Um neue Beiträge per E-Mail", "Enter your email address to", "Podaj swój adres e-mail",
    "Saisissez votre adresse e-mail", "Introduce tu correo electrónico",
    "Introduce tu dirección de correo electrónico",
)
_NEWSLETTER_WORD = re.compile(
    r"(?i)newsletter|inbox|posteingang|skrzynk|infolettre|boletín|boletin|"
    r"lettre d'information|e-?mail alerts|briefing|letterbox|delivered to your door|"
    r"\d+ issues for|boletim|nieuwsbrief|new posts|neue beiträge|neuen beiträgen|nowych wpis|"
    r"nouveaux articles|nuevas entradas|novos posts|nuovi articoli|nieuwe berichten|"
    r"e-mail-adresse eingeben"
)
_COOKIE_ALONE = (
    "Accept", "Accept all", "Accept cookies", "Accept all cookies", "Reject all", "Decline",
    "I agree", "I accept", "Agree", "Got it", "Alle akzeptieren", "Akzeptieren", "Ablehnen",
    "Alle ablehnen", "Einverstanden", "Zustimmen", "Zustimmen und weiter", "Akceptuję",
    "Akceptuj", "Zgadzam się", "Odrzuć", "Tout accepter", "Accepter", "Refuser", "Tout refuser",
    "J'accepte", "Accepter et fermer", "Aceptar", "Aceptar todo", "Aceptar todas", "Rechazar",
    "Acepto", "Accetta", "Cookie settings", "Cookie policy", "Cookie preferences",
    "Cookies policy", "Manage cookies", "Manage consent", "Manage preferences",
    "Privacy settings", "Cookie-Einstellungen", "Datenschutzeinstellungen",
    "Datenschutz-Einstellungen", "Ustawienia cookies", "Ustawienia plików cookie",
    "Polityka cookies", "Paramètres des cookies", "Gérer les cookies", "Politique de cookies",
    "Configuración de cookies", "Política de cookies",
    # Portuguese, Italian, Dutch
    "Aceitar", "Aceitar todos", "Aceito", "Rejeitar", "Recusar", "Configurações de cookies",
    "Accetta tutti", "Accetto", "Rifiuta", "Rifiuta tutti", "Impostazioni cookie",
    "Accepteren", "Alles accepteren", "Weigeren", "Akkoord", "Cookie-instellingen",
    "Cookiebeleid", "Manage cookie preferences", "Manage cookie settings",
    "Cookie-Einstellungen verwalten", "Gérer mes cookies",
)
_COOKIE_LEAD = (
    "We use cookies", "We and our partners use cookies", "This site uses cookies",
    "The cookie settings on this website are set to",
    "This website uses cookies", "Our site uses cookies", "Our website uses cookies",
    "Cookies help us", "Wir verwenden Cookies", "Wir nutzen Cookies",
    "Diese Website verwendet Cookies", "Diese Webseite verwendet Cookies",
    "Diese Seite verwendet Cookies", "Diese Website nutzt Cookies", "Ta strona używa",
    "Ta strona wykorzystuje", "Ta witryna używa", "Ten serwis wykorzystuje",
    "Używamy plików cookie", "Używamy cookies", "Korzystamy z plików cookie",
    "Nous utilisons des cookies", "Ce site utilise des cookies", "Ce site web utilise des cookies",
    "Utilizamos cookies", "Usamos cookies", "Este sitio utiliza cookies",
    "Este sitio web utiliza cookies", "Esta web utiliza cookies", "Utilizziamo i cookie",
    "Este site utiliza cookies", "Este site usa cookies", "Nós usamos cookies",
    "Questo sito utilizza cookie", "Questo sito usa cookie", "Utilizziamo cookie",
    "Wij gebruiken cookies", "We gebruiken cookies", "Deze website gebruikt cookies",
    "Deze site maakt gebruik van cookies", "Wij maken gebruik van cookies",
    "Deze website maakt gebruik van cookies",
    # Google's notice under a form
    "This site is protected by reCAPTCHA", "Diese Website ist durch reCAPTCHA geschützt",
    "Diese Seite ist durch reCAPTCHA geschützt", "Ta strona jest chroniona przez reCAPTCHA",
    "Ce site est protégé par reCAPTCHA", "Este sitio está protegido por reCAPTCHA",
    "Este site é protegido pelo reCAPTCHA", "Questo sito è protetto da reCAPTCHA",
    "Deze site wordt beschermd door reCAPTCHA",
    # the banner's second line
    "To find out more, including how to control cookies",
    "Weitere Informationen, beispielsweise zur Kontrolle von Cookies",
    "Pour en savoir plus, y compris sur la façon de contrôler les cookies",
    "Para obtener más información, incluido cómo controlar las cookies",
    "Aby dowiedzieć się więcej, a także jak kontrolować pliki cookies",
    "Para saber mais, inclusive sobre como controlar os cookies",
    "Per ulteriori informazioni, anche sul controllo dei cookie",
    "Voor meer informatie, onder andere over cookiebeheer",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Мы используем файлы cookie", "Мы используем cookie", "Этот сайт использует файлы cookie",
    "Этот сайт использует cookie", "Сайт использует файлы cookie",
    "Ми використовуємо файли cookie", "يستخدم هذا الموقع ملفات تعريف الارتباط",
)
# Leads that are consent-banner text only when a consent word follows on the same line.
_CONSENT_LEAD = (
    "By using this site", "By using our site", "By using this website", "By continuing to use",
    "By continuing to browse", "By clicking", "We value your privacy",
    "We care about your privacy", "Wir und unsere Partner", "Mit dem Klick auf",
    "Wenn Sie diese Website", "Klikając", "Korzystając z", "En poursuivant votre navigation",
    "En cliquant sur", "Al continuar", "Si continúa navegando", "Al hacer clic",
    "Ao continuar", "Ao clicar", "Continuando a navegar", "Cliccando su", "Door verder te gaan",
    # a form's consent line: "By submitting this form you agree to ... our Privacy Policy",
    # "Mit dem Absenden akzeptieren Sie unsere Datenschutzbestimmungen"
    "By submitting", "By signing up", "By subscribing", "By registering", "By entering your",
    "By creating an account", "By checking this box", "By providing your",
    "Mit dem Absenden", "Mit Absenden", "Mit dem Abschicken", "Mit der Anmeldung",
    "Mit Ihrer Anmeldung", "Mit deiner Anmeldung", "Mit der Registrierung",
    "Mit Ihrer Registrierung", "Mit der Nutzung dieser", "Mit Klick auf", "Ich stimme",
    "Ich willige", "Ich bin damit einverstanden", "Ich habe die Datenschutz", "Ich akzeptiere",
    "Wyrażam zgodę", "Zapisując się", "Akceptuję", "Zapoznałem się", "Zapoznałam się",
    "En soumettant", "En vous inscrivant", "En vous abonnant", "En validant ce formulaire",
    "J'accepte", "Al enviar este formulario", "Al enviar tus datos", "Al enviar sus datos",
    "Al suscribirte", "Al suscribirse", "Al registrarte", "Al registrarse", "Acepto",
    "Ao enviar este formulário", "Ao enviar seus dados", "Ao se inscrever", "Ao se cadastrar",
    "Aceito", "Inviando questo modulo", "Iscrivendoti", "Acconsento", "Accetto",
    "Door je aan te melden", "Door u aan te melden", "Door dit formulier", "Ik ga akkoord",
    # WordPress.com's banner: "Privacy & Cookies: This site uses cookies. By continuing ..."
    "Privacy & Cookies:", "Privacy and Cookies:", "Datenschutz & Cookies:",
    "Datenschutz und Cookies:", "Prywatność i pliki cookies:", "Prywatność i pliki cookie:",
    "Confidentialité & Cookies :", "Confidentialité et cookies :", "Privacidad & Cookies:",
    "Privacidad y cookies:", "Privacidade e cookies:", "Privacy e cookie:", "Privacy en cookies:",
    # Turkish, Chinese, Japanese, Korean: "this site" opens the banner, whose cookie word is
    # declined or glued to its neighbours ("Bu web sitesi çerezleri kullanır", "本网站使用Cookie来")
    "Bu web sitesi", "Bu site", "Sitemizde", "Web sitemizde", "本网站", "本站", "当サイトでは",
    "当サイトは", "本サイトでは", "このサイトでは", "このウェブサイトでは", "이 웹사이트는",
    "본 웹사이트는", "이 사이트는",
)
# The site on its privacy policy and the reader's consent, under a form or in a consent box
# ("Please review our Privacy Policy. It contains ...", "You may revoke this consent at any
# time ..."): the phrase names the policy or the consent itself.
_PRIVACY_NOTE = (
    "Please review our Privacy Policy", "Please read our Privacy Policy",
    "If you have any questions or concerns about our Privacy Policy",
    "Further information on data privacy", "Further information on data protection",
    "You may revoke this consent", "You may revoke your consent", "You can revoke your consent",
    "You may withdraw your consent", "You can withdraw your consent",
    "Weitere Informationen zum Datenschutz",
    "Weitere Informationen finden Sie in unserer Datenschutzerklärung", "Hinweise zum Datenschutz",
    "Informationen zum Datenschutz", "Ihre Daten sind bei uns sicher",
    "Sie können Ihre Einwilligung jederzeit", "Du kannst deine Einwilligung jederzeit",
    "Die Einwilligung kann jederzeit", "Vous pouvez retirer votre consentement",
    "Puede retirar su consentimiento", "Możesz w każdej chwili wycofać zgodę",
)
_CONSENT_WORD = re.compile(
    r"(?i)cookie|privacy|consent|datenschutz|einwilligung|zustimm|prywatności|zgod|"
    r"confidentialité|consentement|privacidad|consentimiento|terms of|privacidade|"
    r"consentimento|consenso|toestemming|çerez|gizlilik|クッキー|プライバシー|隐私|隱私|쿠키|"
    r"개인정보"
)
_SEARCH = (
    "Search", "Search for", "Search this site", "Search the site", "Search news",
    "Type to search", "Type your search", "Type and press enter", "Type your search and hit enter",
    "Type your search and press enter", "Press enter to search", "Enter search term",
    "Enter search terms", "Enter keywords", "What are you looking for?", "Search Quotes",
    "Search Quotes and Companies", "Suche", "Suchen", "Suchbegriff", "Suchbegriff eingeben",
    "Suche starten", "Wonach suchen Sie?", "Szukaj", "Wyszukaj", "Szukaj w serwisie",
    "Wpisz szukaną frazę", "Rechercher", "Recherche", "Rechercher sur le site",
    "Que recherchez-vous ?", "Buscar", "Búsqueda", "Buscar en el sitio", "¿Qué estás buscando?",
    "Cerca", "Zoeken", "Pesquisar", "Pesquisa", "O que você procura?", "Cerca nel sito", "Zoek",
    "Press Enter to search or ESC to close", "Hit enter to search or ESC to close",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Поиск", "Найти", "Поиск по сайту", "Пошук", "Ara", "Arama", "Sitede ara", "بحث", "ابحث",
    "搜索", "搜尋", "站内搜索", "検索", "サイト内検索", "검색",
)
# Section names that stand alone on a line: the label above an article, or a menu entry.
_LABEL = (
    # English
    "World", "World news", "U.S.", "US", "UK", "Europe", "Asia", "Africa", "Americas", "City",
    "Nation", "Property", "Community", "Metro", "State", "Region news", "Real estate", "Jobs",
    "Middle East", "Politics", "Business", "Economy", "Markets", "Money", "Finance", "Tech",
    "Technology", "Science", "Health", "Sport", "Sports", "Entertainment", "Culture", "Arts",
    "Lifestyle", "Life", "Travel", "Opinion", "Opinions", "Local", "Local news", "National",
    "International", "News", "Latest", "Latest news", "Home", "Weather", "Video", "Videos",
    "Photos", "Podcasts", "Podcast", "Breaking news", "Analysis", "Features", "Education",
    "Environment", "Climate", "Crime", "Obituaries", "Food", "Style", "Fashion", "Music", "Film",
    "Books", "Television", "TV", "Games", "Gaming", "Media", "Society", "Region", "Regional",
    "Live", "Editorial", "Letters", "Columnists", "Blogs", "Sections", "Topics",
    # German
    "Welt", "Politik", "Wirtschaft", "Ausland", "Inland", "Kultur", "Wissen", "Panorama",
    "Meinung", "Gesellschaft", "Lokales", "Startseite", "Nachrichten", "Digital", "Reise",
    "Auto", "Mobilität", "Gesundheit", "Finanzen", "Börse", "Wissenschaft", "Feuilleton",
    "Leben", "Unterhaltung", "Regionales", "Deutschland", "Kommentar", "Wetter", "Karriere",
    "Bildung", "Technik", "Stil", "Aktuelles", "Service", "Ressorts", "Themen",
    # Polish
    "Świat", "Polska", "Kraj", "Polityka", "Gospodarka", "Biznes", "Kultura", "Nauka",
    "Zdrowie", "Opinie", "Wiadomości", "Strona główna", "Technologie", "Rozrywka", "Regiony",
    "Społeczeństwo", "Motoryzacja", "Pogoda", "Publicystyka", "Wydarzenia", "Aktualności",
    "Edukacja", "Historia", "Ekonomia", "Finanse", "Styl życia", "Tematy", "Działy",
    # French
    "Monde", "Politique", "Économie", "Economie", "Société", "Sciences", "Santé", "Accueil",
    "Actualités", "Actualité", "Régions", "France", "Idées", "Débats", "Planète", "Vidéos",
    "Environnement", "Faits divers", "Éducation", "Médias", "Météo", "Rubriques",
    # Spanish
    "Mundo", "Internacional", "Política", "Economía", "Sociedad", "Cultura", "Deportes",
    "Ciencia", "Salud", "Opinión", "Inicio", "Noticias", "España", "Nacional", "Tecnología",
    "Espectáculos", "Gente", "Vídeos", "Motor", "Tendencias", "Educación", "Medio ambiente",
    "Secciones", "Temas",
    # Portuguese
    "Brasil", "Portugal", "Economia", "Esportes", "Desporto", "Saúde", "Ciência",
    "Tecnologia", "Educação", "Notícias", "Últimas notícias", "Entretenimento", "Cotidiano",
    "Opinião", "Colunistas", "Editorias",
    # Italian
    "Cronaca", "Esteri", "Politica", "Spettacoli", "Salute", "Scienza", "Notizie",
    "Ultime notizie", "Attualità", "Italia", "Mondo", "Opinioni", "Sezioni",
    # Dutch
    "Binnenland", "Buitenland", "Wetenschap", "Nieuws", "Laatste nieuws", "Opmerkelijk",
    "Regio", "Cultuur", "Gezondheid", "Rubrieken",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Новости", "Политика", "Экономика", "Общество", "Спорт", "Культура", "В мире", "Мир",
    "Происшествия", "Наука", "Технологии", "Здоровье", "Авто", "Бизнес", "Финансы", "Регионы",
    "Россия", "Мнения", "Видео", "Фото", "Интервью", "Новини", "Політика", "Економіка",
    "Суспільство", "Світ", "Україна", "Gündem", "Siyaset", "Ekonomi", "Dünya", "Spor",
    "Sağlık", "Teknoloji", "Yaşam", "Kültür", "Kültür-Sanat", "Eğitim", "Son Dakika",
    "Haberler", "Yazarlar", "Foto Galeri", "Galeri", "أخبار", "سياسة", "اقتصاد", "رياضة",
    "ثقافة", "منوعات", "العالم", "محليات", "صحة", "تكنولوجيا", "فيديو", "صور", "مقالات", "رأي",
    "新闻", "国内", "国际", "财经", "体育", "娱乐", "科技", "军事", "社会", "文化", "教育", "健康",
    "汽车", "房产", "时政", "新聞", "國際", "財經", "體育", "娛樂", "社會", "ニュース", "国際",
    "経済", "政治", "スポーツ", "エンタメ", "ライフ", "地域", "オピニオン", "뉴스", "정치", "경제",
    "사회", "국제", "문화", "스포츠", "연예", "오피니언",
)
_NAVIGATION = (
    "Skip to content", "Skip to main content", "Skip to navigation", "Skip to footer",
    "Jump to content", "Zum Inhalt springen", "Direkt zum Inhalt", "Zum Hauptinhalt springen",
    "Przejdź do treści", "Przejdź do treści głównej", "Aller au contenu",
    "Aller au contenu principal", "Saltar al contenido", "Ir al contenido", "Menu", "Main menu",
    "Top menu", "Open menu", "Close menu", "Toggle navigation", "Navigation", "Menü",
    "Hauptmenü", "Hauptnavigation", "Navigation öffnen", "Menu główne", "Nawigacja", "Menú",
    "Close", "Schließen", "Zamknij", "Fermer", "Cerrar", "Back to top", "Go to top", "Nach oben",
    "Zurück nach oben", "Do góry", "Na górę", "Retour en haut", "Haut de page", "Volver arriba",
    "Ir arriba", "Next", "Previous", "Next article", "Previous article", "Learn more", "Next story",
    # the link from a post's excerpt to the post ("Continue reading", "Weiterlesen ..."): alone,
    # not a block's header, for what follows it may be the post itself
    "Continue reading", "Weiterlesen", "Weiter lesen", "Mehr lesen", "Czytaj dalej",
    "Lire plus", "Seguir leyendo", "Continuar leyendo", "Continuar lendo", "Continua a leggere",
    "Verder lezen",
    "Previous story", "Weiter", "Zurück", "Nächster Artikel", "Vorheriger Artikel",
    "Następny artykuł", "Poprzedni artykuł", "Dalej", "Wstecz", "Article suivant",
    "Article précédent", "Suivant", "Précédent", "Siguiente", "Anterior", "Siguiente artículo",
    "Artículo anterior", "Log in", "Login", "Sign in", "Log out", "Sign out", "Register",
    "My account", "Account", "Sign In Register", "Subscribe Sign In", "SubscribeSign In",
    "Anmelden", "Abmelden", "Registrieren", "Einloggen", "Mein Konto", "Konto", "Zaloguj",
    "Zaloguj się", "Wyloguj", "Zarejestruj się", "Moje konto", "Se connecter", "Connexion",
    "Se déconnecter", "S'identifier", "Mon compte", "Créer un compte", "Iniciar sesión",
    "Cerrar sesión", "Registrarse", "Mi cuenta", "Entrar", "Load more", "Show more",
    "Show less", "View all", "See all", "See more", "More", "Mehr", "Mehr laden",
    "Alle anzeigen", "Więcej", "Pokaż więcej", "Zobacz wszystkie", "Zobacz więcej", "Plus",
    "Voir plus", "Voir tout", "Afficher plus", "Ver más", "Ver todo", "Cargar más",
    "Mostrar más", "Contact", "Contact us", "About us", "About", "Imprint", "Impressum",
    "Kontakt", "Datenschutz", "Datenschutzerklärung", "AGB", "Nutzungsbedingungen",
    "Barrierefreiheit", "Mediadaten", "Redakcja", "O nas", "Regulamin", "Mentions légales",
    "Nous contacter", "Qui sommes-nous", "Aviso legal", "Contacto", "Quiénes somos", "Privacy",
    "Privacy policy", "Terms of use", "Terms of service", "Terms and conditions",
    "Terms & Conditions", "Accessibility", "Site map", "Sitemap", "Careers", "Advertise",
    "Advertise with us", "Help", "FAQ", "RSS feed", "RSS-Feed", "Archive", "Archiv",
    "Archiwum", "Archives", "Edition", "English Edition", "Print Edition", "E-Paper", "ePaper",
    "Today's paper", "Polityka prywatności", "Politique de confidentialité",
    "Política de privacidad",
    # WordPress's links to the previous and next post
    "Post navigation", "Beitragsnavigation", "Beitrags-Navigation", "Nawigacja wpisu",
    "Navigation de l'article", "Navigation des articles", "Navegación de entradas",
    "Navegação de posts", "Navegação de artigos", "Navigazione articoli", "Berichtnavigatie",
    "Table of contents", "Inhaltsverzeichnis", "Spis treści", "Sommaire", "Tabla de contenidos",
    "Índice de contenidos", "Sumário", "Indice dei contenuti", "Inhoudsopgave",
    "Previous post", "Next post", "Vorheriger Beitrag", "Nächster Beitrag", "Poprzedni wpis",
    "Następny wpis", "Entrada anterior", "Entrada siguiente", "Post anterior", "Próximo post",
    # Portuguese
    "Ir para o conteúdo", "Pular para o conteúdo", "Voltar ao topo", "Próximo", "Próxima",
    "Próximo artigo", "Artigo anterior", "Sair", "Minha conta", "Criar conta",
    "Carregar mais", "Ver mais", "Ver todos", "Fale conosco", "Quem somos", "Expediente",
    "Política de privacidade", "Termos de uso",
    "Zur Startseite", "Zurück zur Startseite", "Back to home", "Back to homepage",
    "Back to previous page", "Zurück zur vorherigen Seite", "Zurück zur Übersicht",
    "Download our app", "Download the app", "Get the app", "Get our app", "Jetzt die App laden",
    # Italian
    "Vai al contenuto", "Salta al contenuto", "Torna su", "Torna all'inizio", "Successivo",
    "Precedente", "Articolo successivo", "Articolo precedente", "Accedi", "Esci",
    "Registrati", "Il mio account", "Carica altro", "Mostra di più", "Vedi tutti",
    "Chi siamo", "Contatti", "Note legali", "Informativa sulla privacy", "Termini di utilizzo",
    # Dutch
    "Naar de inhoud", "Ga naar de inhoud", "Terug naar boven", "Volgende", "Vorige",
    "Volgend artikel", "Vorig artikel", "Inloggen", "Uitloggen", "Registreren",
    "Mijn account", "Meer laden", "Toon meer", "Bekijk alles", "Over ons", "Colofon",
    "Privacybeleid", "Gebruiksvoorwaarden",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Главная", "Главная страница", "Войти", "Вход", "Регистрация", "Выйти", "Меню", "Назад",
    "Далее", "Следующая статья", "Предыдущая статья", "Наверх", "Все новости", "Показать еще",
    "Показать ещё", "Загрузить еще", "Загрузить ещё", "Читать далее", "Подробнее", "Контакты",
    "О нас", "О проекте", "Политика конфиденциальности", "Пользовательское соглашение", "Головна",
    "Увійти", "Всі новини", "Усі новини", "Читати далі", "Детальніше", "Контакти", "Про нас",
    "Ana Sayfa", "Anasayfa", "Giriş", "Giriş Yap", "Üye Ol", "Kayıt Ol", "Çıkış", "Tüm Haberler",
    "Daha Fazla", "Devamını oku", "İletişim", "Hakkımızda", "Künye", "Gizlilik Politikası",
    "Kullanım Koşulları", "الرئيسية", "الصفحة الرئيسية", "تسجيل الدخول", "القائمة", "المزيد",
    "اتصل بنا", "من نحن", "سياسة الخصوصية", "شروط الاستخدام", "التالي", "السابق", "首页", "首頁",
    "登录", "登入", "注册", "註冊", "返回顶部", "返回首页", "返回首頁", "上一篇", "下一篇",
    "阅读全文", "閱讀全文", "展开全文", "关于我们", "關於我們", "联系我们", "聯絡我們", "隐私政策",
    "网站地图", "網站地圖", "纠错", "糾錯", "ホーム", "トップページ", "ログイン", "新規登録",
    "会員登録",
    "メニュー", "前の記事", "次の記事", "続きを読む", "もっと見る", "お問い合わせ",
    "プライバシーポリシー", "利用規約", "会社概要", "サイトマップ", "ページトップへ",
    "ページの先頭へ", "홈", "로그인", "회원가입", "전체메뉴", "이전 기사", "다음 기사", "더보기",
    "기사 더보기", "회사소개", "개인정보처리방침", "이용약관", "맨 위로",
)
_ADVERT = (
    "Advertisement", "Advertising", "Advert", "Adverts", "Ad", "Ads", "Sponsored",
    "Sponsored content",
    "Paid content", "Paid post", "Promoted", "Promoted content", "Partner content",
    "Story continues below advertisement", "Story continues below", "Article continues below",
    "Article continues below advertisement", "Continue reading below",
    "Continue reading the main story", "Scroll to continue with content",
    "Advertisement - scroll to continue", "Anzeige", "Werbung", "Gesponsert",
    "Weiter nach der Anzeige", "Artikel wird nach der Anzeige fortgesetzt",
    "Lesen Sie nach der Anzeige weiter", "Reklama", "Materiał sponsorowany",
    "Materiał promocyjny", "Artykuł sponsorowany", "Dalsza część artykułu poniżej",
    "Dalsza część artykułu pod reklamą", "Dalszy ciąg materiału pod wideo",
    "Dalsza część artykułu pod materiałem wideo", "Publicité", "Contenu sponsorisé",
    "La suite après cette publicité", "La suite après la publicité", "Publicidad",
    "Contenido patrocinado", "Publicidade", "Pubblicità", "Advertentie",
    "Conteúdo patrocinado", "Continua depois da publicidade", "Continua após a publicidade",
    "Contenuto sponsorizzato", "Sponsorizzato", "Annuncio", "Gesponsord",
    "Gesponsorde inhoud", "Het artikel gaat verder onder de advertentie", "Advertising Disclosure",
    "Advertiser Disclosure",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Реклама", "На правах рекламы", "Партнерский материал", "Партнёрский материал", "Reklam",
    "Sponsorlu", "Sponsorlu içerik", "إعلان", "إعلانات", "محتوى مدفوع", "广告", "廣告", "広告",
    "スポンサーリンク", "광고", "请继续往下阅读", "請繼續往下閱讀", "继续阅读下文",
    "記事の続きは広告の後で",
)
# Paywall words that are chrome only when they stand alone ("Exclusive: ..." opens headlines).
_PAYWALL_ALONE = (
    "Premium", "Exclusive", "Subscribers only", "Plus-Artikel", "Dostęp premium", "Abonnés",
    "Suscriptores", "Subscriber exclusive", "Subscribe to read", "Jetzt abonnieren",
    "Jetzt weiterlesen", "Jetzt testen", "Already a subscriber?", "Already a subscriber",
    "Pour lire la suite",
)
_PAYWALL_LEAD = (
    "Subscribe to continue reading", "Subscribe to read", "Subscribe for full access",
    "To read the full story", "To view the full story", "To continue reading",
    "Continue reading your article with",
    "Already a subscriber?", "Already have an account?", "Already subscribed?",
    "This article is for subscribers only", "This content is for subscribers only",
    "Create a free account", "Register for free", "Start your free trial",
    "You have reached your free article limit", "You have reached your article limit",
    "Unlock this article", "Get unlimited access", "Weiterlesen mit", "Bereits Abonnent?",
    "Sie sind bereits Abonnent?", "Sie haben bereits ein Abo?", "Wählen Sie Ihren Zugang",
    "Dieser Artikel ist nur für Abonnenten", "Exklusiv für Abonnenten",
    "Artykuł dostępny tylko dla prenumeratorów", "Artykuł dostępny tylko dla subskrybentów",
    "Masz już subskrypcję?", "Kup subskrypcję", "Cet article est réservé aux abonnés",
    "Article réservé aux abonnés", "Réservé aux abonnés", "Déjà abonné ?", "Déjà abonné",
    "Abonnez-vous pour lire", "Contenido exclusivo para suscriptores",
    "Exclusivo para suscriptores", "Ya soy suscriptor", "¿Ya eres suscriptor?",
    "Suscríbete para seguir leyendo", "Hazte suscriptor",
    "Exclusivo para assinantes", "Conteúdo exclusivo para assinantes", "Já é assinante?",
    "Assine para continuar lendo", "Riservato agli abbonati",
    "Contenuto riservato agli abbonati", "Sei già abbonato?", "Abbonati per continuare a leggere",
    "Alleen voor abonnees", "Al abonnee?", "Word abonnee", "Lees verder met",
)
# Headers of teaser blocks. Alone on a line they also take the teaser snippets below them;
# followed by ":" or an arrow they are a one-line teaser ("Read more: <other story>").
_TEASER = (
    "You may also like", "You might also like", "You may be interested in",
    "You might be interested in", "Related", "Related articles", "Related stories",
    "Related news", "Related content", "Related coverage", "Related posts", "Related topics",
    "Related reading", "Related links", "More stories", "More news", "More on this story",
    "More on this topic", "Read more", "Read also", "Read next", "Also read", "See also",
    "Recommended", "Recommended for you", "Recommended stories", "Most read", "Most popular",
    "Most viewed", "Most shared", "Most popular articles", "Most popular stories",
    "Most read articles", "Trending", "Trending now", "Trending news", "Trending stories",
    "Related post", "Related article", "Related story", "Editor's picks",
    "Editors' picks", "Don't miss", "Top stories", "Latest stories", "Popular",
    "What to read next", "Lesen Sie auch", "Lesen Sie mehr", "Auch interessant",
    "Das könnte Sie auch interessieren", "Das könnte Sie interessieren", "Mehr zum Thema",
    "Weitere Artikel", "Meistgelesen", "Meistgelesene Artikel", "Empfehlungen",
    "Unsere Empfehlung", "Weitere Nachrichten", "Weitere Themen", "Siehe auch", "Schon gelesen?",
    "Lesenswert", "Top-Themen", "Czytaj także",
    "Czytaj też", "Czytaj również", "Czytaj więcej", "Zobacz także", "Zobacz też",
    "Zobacz również", "Polecamy", "Najczęściej czytane", "Najpopularniejsze",
    "Przeczytaj także", "Przeczytaj też", "Więcej informacji", "Lire aussi", "À lire aussi",
    "A lire aussi", "Lire la suite", "Sur le même sujet", "Nos recommandations", "Les plus lus",
    "Vous aimerez aussi", "À lire également", "Voir aussi", "Te puede interesar",
    "Le puede interesar", "También te puede interesar", "Lee también", "Lea también",
    "Leer más", "Lee más", "Lea más", "Más noticias",
    "Noticias relacionadas", "Lo más leído", "Te recomendamos", "Relacionado", "Relacionados",
    # Portuguese, Italian, Dutch
    "Leia também", "Leia mais", "Veja também", "Saiba mais", "Você pode gostar",
    "Você também pode gostar", "Você pode se interessar", "Notícias relacionadas",
    "Matérias relacionadas", "Conteúdo relacionado", "Mais lidas", "Mais lidos",
    "Mais notícias", "Recomendados para você", "Leggi anche", "Leggi di più",
    "Potrebbe interessarti", "Potrebbe interessarti anche", "Ti potrebbe interessare",
    "Articoli correlati", "Notizie correlate", "I più letti", "Più letti", "Altre notizie",
    "Vedi anche", "Consigliati per te", "Lees ook", "Lees meer", "Bekijk ook", "Meer nieuws",
    "Gerelateerde artikelen", "Gerelateerd", "Meest gelezen", "Ook interessant", "Aanbevolen",
    # WordPress's related-posts heading
    "Ähnliche Beiträge", "Das könnte dich auch interessieren", "Podobne wpisy",
    "Articles similaires", "Entradas relacionadas", "Posts relacionados", "Correlati",
    "Gerelateerde berichten", "Verwandte Artikel", "Verwandte Beiträge", "Verwandte Themen",
    "Verwandte Links", "Das Thema könnte dich auch interessieren",
    "Das Thema könnte Sie auch interessieren", "Beliebte Beiträge zum Thema", "Zum Weiterlesen",
    "Top Themen", "Dans la même rubrique", "Latest on", "Für dich empfohlen", "Für Sie empfohlen",
    "Mehr Themen", "Ähnliche Artikel", "Ähnliche Rezepte", "Ebenfalls interessant",
    "Passend zum Thema", "Am meisten gelesen", "Similar articles", "Similar posts",
    "Similar stories", "Podobne artykuły", "Artículos similares", "Artigos semelhantes",
    "Articoli simili", "Vergelijkbare artikelen",
    # its sidebar's lists of recent and popular posts and comments
    "Recent posts", "Recent comments", "Popular posts", "Neueste Beiträge", "Neueste Artikel",
    "Neueste Kommentare", "Beliebte Beiträge", "Weitere Beiträge", "Ostatnie wpisy",
    "Najnowsze komentarze", "Articles récents", "Commentaires récents", "Entradas recientes",
    "Comentarios recientes", "Posts recentes", "Comentários recentes", "Articoli recenti",
    "Commenti recenti", "Recente berichten", "Recente reacties",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Читайте также", "Смотрите также", "Материалы по теме", "Похожие новости", "Похожие статьи",
    "Другие новости", "Новости по теме", "Читайте еще", "Читайте ещё", "Самое читаемое",
    "Популярное", "Рекомендуем", "Вам может быть интересно", "Вам также может быть интересно",
    "Вас может заинтересовать", "Еще по теме", "Ещё по теме", "По теме", "Выбор редакции",
    "Читайте також", "Дивіться також", "Новини по темі", "Схожі новини", "Інші новини",
    "Популярне", "İlgili Haberler", "İlgili Haber", "Benzer Haberler", "Diğer Haberler",
    "En Çok Okunanlar", "Çok Okunanlar", "Bunlar da ilginizi çekebilir", "İlginizi çekebilir",
    "Öne Çıkanlar", "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "إقرأ أيضاً", "اقرأ المزيد",
    "أخبار ذات صلة", "مقالات ذات صلة", "مواضيع ذات صلة", "الأكثر قراءة", "الأكثر مشاهدة",
    "قد يعجبك أيضا", "قد يهمك أيضا", "شاهد أيضا", "شاهد أيضاً", "相关新闻", "相关阅读", "相关文章",
    "相关报道", "延伸阅读", "推荐阅读", "热门文章", "热门新闻", "猜你喜欢", "更多新闻", "阅读排行",
    "相關新聞", "相關閱讀", "相關文章", "相關報導", "延伸閱讀", "推薦閱讀", "熱門文章", "熱門新聞",
    "更多新聞", "関連記事", "関連ニュース", "あわせて読みたい", "合わせて読みたい",
    "こちらもおすすめ", "おすすめ記事", "人気記事", "アクセスランキング", "注目記事", "最新記事",
    "관련기사", "관련 기사", "관련뉴스", "관련 뉴스", "많이 본 뉴스", "인기기사", "인기 기사",
    "추천 기사", "주요뉴스", "최신 뉴스", "관련기사 보기", "関連", "【関連】",
)
# "More from <outlet>" / "Mehr von <outlet>" / "Więcej z <outlet>": a teaser header with a name.
_TEASER_MORE_FROM = (
    "More from", "More stories from", "More in", "More on", "Most read in", "Most popular in",
    "Meistgelesen in", "Najczęściej czytane w", "Les plus lus dans", "Lo más leído en",
    "Mehr von", "Mehr aus",
    "Weitere Artikel aus", "Więcej z", "Więcej artykułów z", "Plus d'articles",
    "Más noticias de", "Más de la sección", "Mais notícias de", "Altre notizie da",
    "Meer nieuws uit", "Mehr zum Thema auf", "Weitere Beiträge aus", "Weitere Meldungen aus",
)
# Navigation words that, followed by ":" or an arrow, are a one-line teaser ("SEE MORE: <story>").
_TEASER_LEAD = (
    "See more", "Watch more", "Mehr dazu", "Lesen Sie hier", "Zobacz więcej", "Voir plus",
    "Ver más", "Mira",
    "Mire", "Puedes ver", "Veja mais", "Vedi di più", "Bekijk meer",
)
# "Also on rt.com <headline>": a teaser naming another site.
_TEASER_ON_SITE = ("Also on",)
_SITE_NAME_RE = re.compile(r"[\w-]+\.(?:com|co\.uk|org|net|de|pl|fr|es|it)\b")
_COMMENTS = (
    "Comments", "Comment", "Leave a comment", "Leave a reply", "Add a comment",
    "Show comments", "View comments", "Post a comment", "Join the conversation", "Kommentare",
    "Kommentar schreiben", "Kommentieren", "Komentarze", "Skomentuj", "Dodaj komentarz",
    "Commentaires", "Commenter", "Réagir", "Comentarios", "Comentar", "Deja un comentario",
    "Comentários", "Deixe um comentário", "Deixe seu comentário", "Comente", "Commenti",
    "Lascia un commento", "Commenta", "Reacties", "Reageer", "Plaats een reactie",
    "Laat een reactie achter", "No comments yet", "No comments", "No responses yet",
    "No response so far", "No responses so far", "Be the first to comment", "Noch keine Kommentare",
    "Keine Kommentare", "Noch keine Kommentare vorhanden", "Sei der Erste, der kommentiert",
    "Brak komentarzy", "Pas de commentaire", "Aucun commentaire", "Sin comentarios",
    "Nessun commento", "Geen reacties",
    # WordPress's comment form: its heading with the cancel link, and comments closed
    "Leave a Reply Cancel reply", "Cancel reply", "Reply", "Schreibe einen Kommentar",
    "Schreibe einen Kommentar Antworten abbrechen", "Antworten abbrechen", "Antwort abbrechen",
    "Kommentar verfassen", "Kommentar verfassen Antwort abbrechen", "Anuluj pisanie odpowiedzi",
    "Laisser un commentaire", "Annuler la réponse", "Deja una respuesta",
    "Cancelar la respuesta", "Deixe uma resposta", "Cancelar resposta", "Annulla risposta",
    "Geef een reactie", "Reactie annuleren", "Comments are closed",
    "Kommentare sind geschlossen", "Komentarze są zamknięte", "Les commentaires sont fermés",
    "Los comentarios están cerrados", "Comentários encerrados", "I commenti sono chiusi",
    "Reacties zijn gesloten", "Please enable JavaScript to view the comments",
    "Please enable JavaScript to view the comments powered by Disqus",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Комментарии", "Комментарий", "Комментариев", "Комментария", "Оставить комментарий",
    "Добавить комментарий", "Написать комментарий", "Все комментарии", "Коментарі", "Коментар",
    "Коментарів", "Залишити коментар", "Yorumlar", "Yorum", "Yorum yap", "Yorum yaz", "التعليقات",
    "تعليقات", "أضف تعليق", "أضف تعليقا", "اترك تعليقا", "评论", "发表评论", "网友评论", "評論",
    "發表評論", "留言", "コメント", "コメントする", "コメントを書く", "コメント一覧", "댓글",
    "댓글쓰기", "댓글 쓰기",
)
# What WordPress writes between a number and the post's title over its comments: "3 thoughts on
# “Hello world!”", "11 Antworten zu „...“".
_COMMENTS_ON = (
    "thoughts on", "thought on", "responses to", "response to", "replies to", "reply to",
    "comments on", "comment on", "Antworten zu", "Antwort zu", "Antworten auf", "Kommentare zu",
    "Kommentar zu", "Gedanken zu", "Gedanke zu", "komentarzy do", "komentarze do",
    "komentarz do", "réponses à", "réponse à", "commentaires sur", "commentaire sur",
    "respuestas a", "respuesta a", "comentarios en", "comentario en", "comentários em",
    "comentário em", "risposte a", "risposta a", "commenti su", "commento su", "reacties op",
    "reactie op",
)
# The comment form's fixed sentences, which run on past the phrase ("Your email address will
# not be published. Required fields are marked *").
_COMMENT_FORM = (
    "Your email address will not be published", "Required fields are marked",
    # the comment policy's one line above the form
    "Please be respectful when", "Please be respectful of other commenters",
    "As you comment, please be respectful",
    "Save my name, email, and website in this browser", "Notify me of follow-up comments",
    "Notify me of new comments", "Notify me of new posts",
    "Fill in your details below or click an icon to log in", "You are commenting using your",
    "You must be logged in to post a comment", "Click here to cancel reply",
    "Deine E-Mail-Adresse wird nicht veröffentlicht",
    "Ihre E-Mail-Adresse wird nicht veröffentlicht", "Erforderliche Felder sind mit",
    "Meinen Namen, meine E-Mail-Adresse und meine Website in diesem Browser speichern",
    "Benachrichtige mich über", "Trage deine Daten unten ein oder klicke ein Icon",
    "Du kommentierst mit deinem", "Du musst angemeldet sein, um einen Kommentar",
    "Hier klicken, um das Antworten abzubrechen", "Twój adres e-mail nie zostanie opublikowany",
    "Twój adres email nie zostanie opublikowany", "Wymagane pola są oznaczone",
    "Votre adresse e-mail ne sera pas publiée",
    "Votre adresse de messagerie ne sera pas publiée", "Les champs obligatoires sont indiqués",
    "Tu dirección de correo electrónico no será publicada",
    "Los campos obligatorios están marcados", "O seu endereço de email não será publicado",
    "O seu endereço de e-mail não será publicado", "Seu endereço de email não será publicado",
    "Campos obrigatórios são marcados", "Il tuo indirizzo email non sarà pubblicato",
    "I campi obbligatori sono contrassegnati", "Je e-mailadres wordt niet gepubliceerd",
    "Vereiste velden zijn gemarkeerd met", "Para comentar debes registrarte",
    # WordPress's anti-spam notice under the form
    "This site uses Akismet", "Diese Website verwendet Akismet", "Diese Seite verwendet Akismet",
    "Ta strona używa Akismet", "Ce site utilise Akismet", "Este sitio usa Akismet",
    "Este site utiliza o Akismet", "Questo sito usa Akismet", "Deze site gebruikt Akismet",
    # and the line asking a reader to log in first
    "Please log in to leave a comment", "Please log in here to leave a comment",
    "Please log in to comment", "Log in to leave a comment", "Log in to comment",
    "You must be signed in to comment", "Bitte melden Sie sich an, um zu kommentieren",
    "Melden Sie sich an, um zu kommentieren", "Zaloguj się, aby dodać komentarz",
    "Connectez-vous pour commenter", "Inicia sesión para comentar",
)
# Invitations to comment or share that run on past the phrase: "Tell us what YOU think...".
_COMMENT_LEAD = (
    "Tell us what you think", "We want to hear what you think", "Have your say",
    "Was meinen Sie", "Kommentieren Sie hier", "Co o tym sądzisz", "Was this article helpful?",
    "Was this helpful?", "Rate this article", "War dieser Artikel hilfreich?",
    "Wie bewerten Sie diesen Artikel?", "Wie hat Ihnen dieser Artikel gefallen?",
    "Wie hat Ihnen der Artikel gefallen?", "Bewerten Sie diesen Artikel",
    "Czy ten artykuł był pomocny?", "Cet article vous a-t-il été utile ?",
    "¿Te ha resultado útil este artículo?",
)
_SHARE_LEAD = (
    "Like this story?", "Enjoyed this article?", "Liked this article?", "Artikel gefallen?",
    "Dir hat der Artikel gefallen?", "Hat dir der Artikel gefallen?",
    "Gefällt Ihnen dieser Artikel?", "Gefällt dir dieser Artikel?", "Gefällt Ihnen der Artikel?",
    "Gefällt dir der Artikel?",
)
# WordPress's share buttons as text: "Click to share on Twitter (Opens in new window)", "Klicken
# zum Ausdrucken (Wird in neuem Fenster geöffnet)". The lead alone is not enough ("Click to
# enlarge" captions a photo), the new-window notice makes it a button.
_CLICK_TO = (
    "Click to", "Submit to", "Klick, um", "Klicken, um", "Klicken zum", "Klicke, um",
    "Kliknij, aby", "Kliknij aby", "Cliquez pour", "Cliquer pour", "Haz clic para",
    "Haga clic para", "Clic para", "Clique para", "Clique aqui para", "Fai clic per",
    "Fai clic qui per", "Clicca per", "Klik om", "Klik hier om",
)
_NEW_WINDOW_RE = re.compile(
    r"\((?:opens in (?:a )?new (?:window|tab)|wird in (?:einem )?neue[mn]? (?:fenster|tab) geöffnet"
    r"|öffnet in (?:einem )?neue[mn]? (?:fenster|tab)|otwiera się w nowym oknie"
    r"|otwiera się w nowej karcie|ouvre dans une nouvelle (?:fenêtre|onglet)"
    r"|se abre en una (?:ventana|pestaña) nueva|se abre en (?:una )?nueva (?:ventana|pestaña)"
    r"|abre (?:em|numa) nova (?:janela|aba)|si apre in una nuova (?:finestra|scheda)"
    r"|wordt (?:in een nieuw venster geopend|geopend in een nieuw venster))\)"
)
# Appeals for money or sign-ups after the story: "If you enjoyed this article, ... join ...".
_SUPPORT_LEAD = (
    "If you enjoyed this article", "If you liked this article", "If you enjoyed this story",
    "If you enjoyed reading this",
    "If you value our journalism", "If you value this article", "If you appreciate our journalism",
    "Wenn Ihnen dieser Artikel gefallen hat", "Wenn Ihnen der Artikel gefallen hat",
    "Hat Ihnen dieser Artikel gefallen", "Jeśli podobał Ci się ten artykuł",
    "Jeżeli podobał Ci się ten artykuł", "Si vous avez aimé cet article",
    "Si cet article vous a plu", "Si te ha gustado este artículo", "Si te gustó este artículo",
    "Wenn Ihnen unser Artikel gefallen hat", "Wenn dir der Artikel gefallen hat",
    "Wenn dir dieser Artikel gefallen hat", "Jede Spende hilft", "Jede kleine Spende hilft",
    "Support our journalism", "Support independent journalism", "Unterstützen Sie unsere Arbeit",
    "Unterstützen Sie unseren Journalismus", "Unterstütze unsere Arbeit", "Wesprzyj nas",
    "Soutenez-nous", "Apóyanos",
)
# Subscription offers, which name a price: "Get access to ... for as little as Rs 599".
_OFFER_LEAD = (
    "Get access to", "Get unlimited access", "Get full access", "Get digital access",
    "Sichern Sie sich", "Uzyskaj dostęp", "Accédez à", "Obtenez un accès", "Accede a",
)
# "Reading time: 3 minutes" above the story.
_READING_TIME = (
    "Reading time", "Read time", "Estimated reading time", "Lesezeit", "Lesedauer",
    "Czas czytania", "Temps de lecture", "Tiempo de lectura", "Tempo de leitura",
    "Tempo di lettura",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Время чтения", "Время прочтения", "Час читання", "Okuma süresi", "وقت القراءة", "مدة القراءة",
    "阅读时间", "閱讀時間", "読了時間", "읽는 시간",
)
# Keyword lists under or beside the article: "Tags: Apple, iPhone", "Schlagwörter: Stadtrat".
_TAGS = (
    "Tags", "Tagged", "Tagged with", "Keywords", "Topics", "Schlagwörter", "Schlagworte",
    "Stichwörter", "Tagi", "Słowa kluczowe", "Étiquettes", "Mots-clés", "Etiquetas",
    "Palabras clave", "Argomenti", "Trefwoorden", "Filed under", "Posted in", "Category",
    "Categories", "Kategorie", "Kategorien", "Kategoria", "Catégorie", "Catégories",
    "Categoría", "Categorías", "Categoria", "Categorias", "Palavras-chave", "Assuntos",
    "Parole chiave", "Categorie", "Categorieën", "Onderwerpen", "Markiert", "Getaggt mit",
    "Verschlagwortet mit",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Теги", "Метки", "Ключевые слова", "Темы", "Рубрика", "Рубрики", "Мітки", "Теми", "Etiketler",
    "Anahtar kelimeler", "Kategori", "Konular", "الوسوم", "وسوم", "كلمات مفتاحية",
    "الكلمات المفتاحية", "التصنيف", "标签", "关键词", "关键字", "標籤", "關鍵詞",
    "關鍵字", "タグ", "キーワード", "カテゴリー", "カテゴリ", "태그", "키워드", "카테고리",
)
# "About <name>" alone on a line: the header of an author's or a company's box, with the blurb
# right under it ("About Brigit Katz" / "Brigit Katz is a freelance writer ...", "Über Nordex SE").
_ABOUT_NAME = ("About", "Über", "Sobre", "À propos de", "Acerca de")
_AUTHOR_HEADER = (
    "About the author", "About the authors", "About the reporter", "Über den Autor",
    "Über die Autorin", "Zur Person", "O autorze", "O autorce", "À propos de l'auteur",
    "Sobre el autor", "Sobre la autora", "Contact the author", "Contact the reporter",
    "Sobre o autor", "Sobre a autora", "Sull'autore", "Over de auteur", "Over de schrijver",
)
_RESERVED = (
    "All rights reserved", "Alle Rechte vorbehalten", "Wszelkie prawa zastrzeżone",
    "Tous droits réservés", "Todos los derechos reservados", "Tutti i diritti riservati",
    "Todos os direitos reservados",
)
# The same in the scripts whose phrases no needle finds (`_NEEDLES` has no room for them): a
# copyright line that opens with one ("Все права защищены © 2024").
_RESERVED_LEAD = (
    "Все права защищены", "Усі права захищені", "Всі права захищені", "Tüm hakları saklıdır",
    "Her hakkı saklıdır", "جميع الحقوق محفوظة", "版权所有", "版權所有", "保留所有权利",
    "無断転載を禁じます", "無断転載禁止", "無断転載", "記事・写真・図表の無断転載",
    "記事・写真の無断転載", "本記事の無断転載", "본 기사의 무단", "무단전재", "무단 전재",
    "저작권자", "本網站之文字、圖片及影音",
)
# Roles in an author blurb ("<Name> is a senior reporter at ...").
_ROLES = (
    "reporter", "correspondent", "writer", "editor", "journalist", "columnist", "contributor",
    "producer", "critic", "photographer", "intern", "fellow", "freelancer", "author", "analyst",
    "anchor", "host", "blogger", "Redakteur", "Redakteurin", "Korrespondent", "Korrespondentin",
    "Reporterin", "Journalistin", "Autor", "Autorin", "Volontär", "Volontärin", "Kolumnist",
    "Kolumnistin", "Ressortleiter", "Ressortleiterin", "Chefredakteur", "Chefredakteurin",
    "dziennikarzem", "dziennikarką", "reporterem", "reporterką", "korespondentem",
    "korespondentką", "redaktorem", "redaktorką", "publicystą", "publicystką", "autorem",
    "autorką", "felietonistą", "felietonistką", "journaliste", "correspondant", "correspondante",
    "rédacteur", "rédactrice", "chroniqueur", "chroniqueuse", "periodista", "reportero",
    "reportera", "corresponsal", "redactor", "redactora", "columnista", "editora", "repórter",
    "jornalista", "colunista", "correspondente", "redator", "redatora", "giornalista",
    "redattore", "redattrice", "corrispondente", "editorialista", "verslaggever",
    "verslaggeefster", "redacteur", "hoofdredacteur",
)
_AGENCY_KIND = (
    "news agency", "wire service", "news organization", "news organisation", "news service",
    "Nachrichtenagentur", "agencja informacyjna", "agencja prasowa", "agence de presse",
    "agencia de noticias", "agencia de prensa", "agência de notícias", "agenzia di stampa",
)


# Words that open a photo credit ("Photo: Reuters", "Foto: dpa", "Fot. PAP", "Image by ...").
_CREDIT = (
    "Photo", "Photos", "Photograph", "Image", "Images", "Picture", "Pictures", "Foto", "Fotos",
    "Bild", "Bilder", "Zdjęcie", "Zdjęcia", "Fot.", "Crédit photo", "Crédit", "Crédits",
    "Imagen", "Source", "Quelle", "Źródło", "Fuente", "Image source,", "Photo credit",
    "Bildquelle", "Foto:", "Fot:",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Фото", "Фотография", "Источник", "Иллюстрация", "Джерело", "Fotoğraf", "Kaynak", "صورة",
    "الصورة", "المصدر", "图片来源", "图片", "图源", "来源", "圖片來源", "來源", "摄影", "攝影",
    "责任编辑", "責任編輯", "编辑", "編輯", "写真", "出典", "画像", "사진", "출처",
)
# WordPress's link to the author's other posts: "View all posts by Jane Doe", "Zeige alle Beiträge
# von Cem Basman", followed by a name.
_AUTHOR_POSTS = (
    "View all posts by", "See all posts by", "More posts by", "All posts by",
    "Zeige alle Beiträge von", "Alle Beiträge von", "Alle Beiträge anzeigen von",
    "Zobacz wszystkie wpisy", "Voir tous les articles de", "Voir toutes les publications de",
    "Ver todas las entradas de", "Ver todos los artículos de", "Ver todos os posts de",
    "Vedi tutti gli articoli di", "Bekijk alle berichten van",
)
# Affiliate-link disclosures: "This post contains affiliate links", "Für Links auf dieser Seite
# erhält ... eine Provision".
_AFFILIATE_LEAD = (
    "This post contains affiliate links", "This article contains affiliate links",
    "This post may contain affiliate links", "This article may contain affiliate links",
    "This post contains references to products", "We may earn a commission",
    "We may receive a commission", "We earn a commission", "As an Amazon Associate",
    "Affiliate link", "Affiliatelink", "Affiliate-Link", "Dieser Artikel enthält Affiliate-Links",
    "Dieser Beitrag enthält Affiliate-Links", "Für Links auf dieser Seite erhält",
    "Wir erhalten eine Provision", "Cet article contient des liens affiliés",
    "Este artículo contiene enlaces de afiliados", "Ten artykuł zawiera linki afiliacyjne",
)
# Legal notices under a page: a disclaimer's heading, reproduction bans, the supplement makers'
# FDA notice, the German "no liability" line.
_LEGAL_ALONE = (
    "Disclaimer", "Legal disclaimer", "Haftungsausschluss", "Haftungsausschluss (Disclaimer)",
    "Rechtliche Hinweise", "Zastrzeżenie prawne", "Descargo de responsabilidad",
    "Aviso de responsabilidad", "Isenção de responsabilidade", "Esclusione di responsabilità",
    "Vrijwaring",
)
_LEGAL_LEAD = (
    "The material on this site may not be reproduced", "This material may not be reproduced",
    "This material may not be published", "Reproduction of material from any",
    "Reproduction in whole or in part", "These statements have not been evaluated by the Food",
    "This product is not intended to diagnose", "These products are not intended to diagnose",
    "Alle Angaben ohne Gewähr", "Angaben ohne Gewähr", "Keine Gewähr für die Richtigkeit",
    "Alle Angaben erfolgen ohne Gewähr", "Nachdruck nur mit",
    "Trotz sorgfältiger inhaltlicher Kontrolle übernehmen wir keine Haftung",
    "Die Inhalte unserer Seiten wurden mit größter Sorgfalt erstellt",
    "Die Inhalte dieser Seite wurden mit größter Sorgfalt erstellt",
)
# Invitations to send news tips: "Got a story? Call the newsdesk on ...".
_TIP = (
    "Got a story?", "Got a news tip?", "Have a news tip?", "Have a story?", "Have a tip?",
    "Send us your tips", "Send us a tip", "Contact the newsroom", "Contact our newsroom",
    "Haben Sie einen Hinweis?", "Hinweis an die Redaktion", "Schreiben Sie uns",
    "Masz temat?", "Masz informacje?", "Napisz do nas", "Une info ?", "Vous avez une info ?",
    "Écrivez-nous", "¿Tienes una historia?", "Escríbenos", "제보는", "기사제보",
)
# Audio/video players' labels.
_MEDIA = (
    "Listen to this article", "Listen to this story", "Listen", "Play", "Play video",
    "Watch", "Watch video", "Watch now", "Artikel anhören", "Audio", "Posłuchaj",
    "Odsłuchaj artykuł", "Écouter cet article", "Écouter", "Escuchar", "Escuchar noticia",
    "Video player", "Loading video", "Now playing",
    # a consent placeholder for an embedded video or post
    "Empfohlener redaktioneller Inhalt", "Empfohlene redaktionelle Inhalte", "Externer Inhalt",
    "Externe Inhalte", "Embedded content", "External content",
    # an embedded Instagram post's link
    "View this post on Instagram", "Sieh dir diesen Beitrag auf Instagram an",
    "Diesen Beitrag auf Instagram ansehen", "Wyświetl ten post na Instagramie",
    "Voir cette publication sur Instagram", "Ver esta publicación en Instagram",
    "Ver essa foto no Instagram", "Visualizza questo post su Instagram",
    "Dit bericht op Instagram bekijken",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Смотрите видео", "Слушать", "İzle", "Videoyu izle", "Dinle", "استمع", "播放", "再生", "재생",
)
# An embedded Instagram post's caption: "A post shared by Jane Doe (@janedoe) on Nov 3, 2019".
_EMBED_CAPTION = (
    "A post shared by", "Ein Beitrag geteilt von", "Post udostępniony przez",
    "Une publication partagée par", "Una publicación compartida por",
    "Uma publicação compartilhada por", "Un post condiviso da", "Een bericht gedeeld door",
)
_HANDLE_RE = re.compile(r"\(@[\w.]{1,30}+\)")
# Words that open an author's contact line ("Follow Maria on Twitter @mdelgado").
_CONTACT = (
    "Follow", "Email", "E-mail", "Contact", "Reach", "Folgen Sie", "Kontakt", "Napisz do",
    "Suivez", "Contacter", "Siga", "Sígueme",
)
_COPYRIGHT_SIGN = ("©", "(c)", "&copy;", "ⓒ")
_COPYRIGHT_WORD = ("Copyright", "Urheberrecht", "Prawa autorskie", "Droits d'auteur")
# fmt: on

# --------------------------------------------------------------------------------------------
# Regex building.


# Names, in the original case: told by their capitals (a particle may stand between words).
_UPPER = "A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻŠČŽ"
_PARTICLES = (
    "de", "da", "do", "dos", "del", "la", "le", "van", "von", "der", "den", "di", "du", "y", "i",
    "al", "el", "bin", "ben",
)  # fmt: skip
_NAME_WORD = r"[\w'’.-]{0,30}+"
# A further name word; a capital and a particle exclude each other, so the capital is tried first.
_NAME_NEXT = (
    WS + r"(?:[" + _UPPER + r"]|" + trie(_PARTICLES) + WS + r"[" + _UPPER + r"])" + _NAME_WORD
)


class _Lead(NamedTuple):
    """When a line that opens with a phrase is chrome, given what follows the phrase."""

    reason: str
    max_len: int  # longer lines are prose that happens to open with the phrase
    rest: re.Pattern[str] | None = None  # the rest of the line must be exactly this
    then: re.Pattern[str] | None = None  # the rest of the line must open with this
    needs: re.Pattern[str] | None = None  # must be found somewhere in the rest of the line
    block: bool = False  # the lines below are a block of the same kind (teasers)
    named: re.Pattern[str] | None = None  # the rest of the line, in its own case, is this

    @property
    def whole_line(self) -> bool:
        """Whether the lead says what the whole rest of the line is (tried before the shapes)."""
        return self.rest is not None or self.named is not None


_ALONE_TAIL_RE = re.compile(
    WS + r"*+(?:\(\d{1,6}+\))?" + WS + r"*+(?:\.{2,3}+|[:.…»›>!：】])?" + WS + r"*+"
)
# A network's name, also as Polish declines it ("na Facebooku", "na Twitterze").
_NETWORK = trie(_NETWORKS) + r"(?:u|ze|ie)?"
_NETWORK_LIST = (
    _NETWORK
    + r"(?:(?:"
    + WS
    + r"*+[|·•/,]"
    + WS
    + r"*+|"
    + WS
    + r"++)"
    + _NETWORK
    + r"){0,12}+"
)
# "on", "auf", "na", "sur", "en", "su", "op", "no", "via" before the networks: "Share this article
# on Facebook", "Teile diesen Artikel auf Facebook", "Udostępnij na Facebooku".
_NETWORK_TAIL_RE = re.compile(
    WS
    + r"*+[:.]?"
    + WS
    + r"*+(?:(?:on|to|auf|na|sur|en|su|op|no|via|w)"
    + WS
    + r"++)?"
    + _NETWORK_LIST
    + WS
    + r"*+"
)
_SEPARATOR_RE = re.compile(WS + r"*+(?:[:|»›>：】\]]|[-–—]" + WS + ")")
_NAME_TAIL_RE = re.compile(WS + r"++[^\W\d][^\n\d.!?:]{0,40}+" + _ALONE_TAIL_RE.pattern)
_CREDIT_TAIL_RE = re.compile(
    r"(?:"
    + WS
    + r"++(?:credit|source|courtesy))?"
    + WS
    + r"*+[:©/|：]|"
    + WS
    + r"++(?:by|von|de|via)\b|(?<=[.:,])"
)
# The rest of an "About <name>" line, in the line's own case: one to four name words (and a
# colon).
_NAMED_RE = re.compile(
    WS + r"{1,3}+[" + _UPPER + r"]" + _NAME_WORD + r"(?:" + _NAME_NEXT + r"){0,3}+"
    + WS + r"*+:?" + WS + r"*+"
)
# "Tags: Apple, iPhone, Black Friday": short items joined by commas, bars or dots.
_TAG_ITEM = r"[^\n,|·•、，.!?。！？]{1,40}"
_TAG_LIST_RE = re.compile(
    WS
    + r"*+[:：]"
    + WS
    + r"*+"
    + _TAG_ITEM
    + r"(?:[,|·•、，]"
    + _TAG_ITEM
    + r"){0,40}(?:[,|·•、，]"
    + WS
    + r"*+)?"
)
# The list alone on the line under a "Tags" header: three or more items.
_BARE_TAG_LIST_RE = re.compile(_TAG_ITEM + r"(?:[,|·•、，]" + _TAG_ITEM + r"){2,40}[,|·•、，]?")
_CONTACT_NEEDS_RE = re.compile(r"@\w|\btwitter\b|\be-?mail\b|\bx\.com\b|https?://|\bwww\.")
# A price or a number of months in an offer.
_PRICE_RE = re.compile(r"\d|[$€£₹]")
_DIGIT_RE = re.compile(r"\d")

_COPYRIGHT_SIGN_TAIL_RE = re.compile(WS + r"*+(?:\d{4}|[^\W\d]|[-–])")
# "Copyright © 2024 ...", "Copyright: dpa"; not "Copyright law has ..."
_COPYRIGHT_WORD_TAIL_RE = re.compile(WS + r"*+(?:©|\(c\)|\d{4}|:)")
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")

# Phrase rules, tried in this order for a line that opens with the phrase. Where a phrase is
# listed under two rules, the first whose conditions hold names the line.
_RULES: tuple[tuple[tuple[str, ...], _Lead], ...] = (
    (_TEASER + _TEASER_MORE_FROM, _Lead("boilerplate:teaser", 80, _ALONE_TAIL_RE, block=True)),
    (_AUTHOR_HEADER, _Lead("boilerplate:author_blurb", 80, _ALONE_TAIL_RE, block=True)),
    (_ABOUT_NAME, _Lead("boilerplate:author_blurb", 60, block=True, named=_NAMED_RE)),
    (_SHARE + _NETWORKS, _Lead("boilerplate:share", 80, _ALONE_TAIL_RE)),
    (_SHARE + _NETWORKS, _Lead("boilerplate:share", 300, _NETWORK_TAIL_RE)),
    (_SOCIAL_ALONE, _Lead("boilerplate:social", 80, _ALONE_TAIL_RE)),
    (_SOCIAL_ALONE + _SOCIAL_LEAD, _Lead("boilerplate:social", 300, _NETWORK_TAIL_RE)),
    (_COOKIE_ALONE, _Lead("boilerplate:cookie", 80, _ALONE_TAIL_RE)),
    (_NEWSLETTER_ALONE, _Lead("boilerplate:newsletter", 80, _ALONE_TAIL_RE)),
    (_SEARCH, _Lead("boilerplate:search", 80, _ALONE_TAIL_RE)),
    (_PAYWALL_ALONE, _Lead("boilerplate:paywall", 80, _ALONE_TAIL_RE)),
    (_ADVERT, _Lead("boilerplate:advert", 100, _ALONE_TAIL_RE)),
    (_COMMENTS, _Lead("boilerplate:comments", 80, _ALONE_TAIL_RE)),
    (_TAGS, _Lead("boilerplate:tags", 80, _ALONE_TAIL_RE, block=True)),
    (_TAGS, _Lead("boilerplate:tags", 600, _TAG_LIST_RE)),
    (_LABEL, _Lead("boilerplate:label", 80, _ALONE_TAIL_RE)),
    (_NAVIGATION, _Lead("boilerplate:navigation", 80, _ALONE_TAIL_RE)),
    (_COOKIE_LEAD, _Lead("boilerplate:cookie", 900)),
    (_CONSENT_LEAD, _Lead("boilerplate:cookie", 900, needs=_CONSENT_WORD)),
    (_PRIVACY_NOTE, _Lead("boilerplate:cookie", 400)),
    (_SOCIAL_LEAD, _Lead("boilerplate:social", 100)),
    (_SOCIAL_LEAD_NAMED, _Lead("boilerplate:social", 100, needs=_SOCIAL_NAMED_RE)),
    (_NEWSLETTER_LEAD, _Lead("boilerplate:newsletter", 260, needs=_NEWSLETTER_WORD)),
    (_NEWSLETTER_THANKS, _Lead("boilerplate:newsletter", 200)),
    (_PAYWALL_LEAD, _Lead("boilerplate:paywall", 200)),
    (_TEASER, _Lead("boilerplate:teaser", 300, then=_SEPARATOR_RE)),
    (_TEASER_MORE_FROM, _Lead("boilerplate:teaser", 60, _NAME_TAIL_RE, block=True)),
    (_AUTHOR_POSTS, _Lead("boilerplate:navigation", 80, _NAME_TAIL_RE)),
    (_AFFILIATE_LEAD, _Lead("boilerplate:advert", 300)),
    (_COPYRIGHT_SIGN, _Lead("boilerplate:copyright", 260, then=_COPYRIGHT_SIGN_TAIL_RE)),
    (_COPYRIGHT_WORD, _Lead("boilerplate:copyright", 260, then=_COPYRIGHT_WORD_TAIL_RE)),
    (_COPYRIGHT_WORD, _Lead("boilerplate:copyright", 80, needs=_YEAR_RE)),
    (_CREDIT, _Lead("boilerplate:credit", 120, then=_CREDIT_TAIL_RE)),
    (_CONTACT, _Lead("boilerplate:author_blurb", 240, needs=_CONTACT_NEEDS_RE)),
    (_MEDIA, _Lead("boilerplate:media", 80, _ALONE_TAIL_RE)),
    (_LEGAL_ALONE, _Lead("boilerplate:legal", 80, _ALONE_TAIL_RE)),
    (_LEGAL_LEAD, _Lead("boilerplate:legal", 600)),
    (_TIP, _Lead("boilerplate:contact", 200)),
    (_COMMENT_LEAD, _Lead("boilerplate:comments", 80)),
    (_COMMENT_FORM, _Lead("boilerplate:comments", 240)),
    (_EMBED_CAPTION, _Lead("boilerplate:media", 200, needs=_HANDLE_RE)),
    (_SHARE_LEAD, _Lead("boilerplate:share", 80)),
    (_CLICK_TO, _Lead("boilerplate:share", 160, needs=_NEW_WINDOW_RE)),
    (_TEASER_ON_SITE, _Lead("boilerplate:teaser", 300, needs=_SITE_NAME_RE)),
    (_TEASER_LEAD, _Lead("boilerplate:teaser", 300, then=_SEPARATOR_RE)),
    (_SUPPORT_LEAD, _Lead("boilerplate:paywall", 400)),
    (_OFFER_LEAD, _Lead("boilerplate:paywall", 500, needs=_PRICE_RE)),
    (_READING_TIME, _Lead("boilerplate:label", 60, needs=_DIGIT_RE)),
    (_RESERVED_LEAD, _Lead("boilerplate:copyright", 300)),
)
_PHRASE_RULES: dict[str, list[_Lead]] = {}
for _phrases, _lead in _RULES:
    for _p in _phrases:
        _PHRASE_RULES.setdefault(phrase_key(_p), []).append(_lead)


def _phrase_re(key: str) -> re.Pattern[str]:
    return re.compile(re.escape(key).replace(r"\ ", WS + "{1,3}+"))


def _shorter_keys(key: str) -> list[str]:
    """The phrase keys that open `key` and end where one of its words ends, longest first
    (keys are single-spaced: `phrase_key`). Looked up word by word: testing every key against
    every other, as the first version did, took seconds of every import."""
    ends = [i for i in range(len(key) - 1, 0, -1) if key[i] == " "]
    return [key[:i] for i in ends if key[:i] in _PHRASE_RULES]


# Shorter phrases that also open the line, tried when the longest phrase's rules do not hold
# ("Follow Maria on Twitter" opens with "follow", not with the longer "follow us"); each with
# the pattern that finds where it ends.
_SHORTER: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    key: tuple((k, _phrase_re(k)) for k in _shorter_keys(key)) for key in _PHRASE_RULES
}

# Words that open sentences, not names.
_OPENERS = (
    "The", "A", "An", "This", "That", "He", "She", "It", "They", "We", "Der", "Die", "Das", "Er",
    "Sie", "Es", "Le", "La", "Les", "Il", "Elle", "El", "Los", "Las", "On", "Ona", "To", "Ten",
    "Ta", "O", "Os", "As", "Um", "Uma", "Ele", "Ela", "Lo", "Gli", "Un", "Una", "Uno", "Lui",
    "Lei", "Het", "Een", "Hij", "Zij",
)  # fmt: skip
# ("De" is left out: Dutch surnames open with it, "De Vries is verslaggever bij ...".)
_IS_RE = r"(?:is|was|has\ been|ist|war|jest|był|była|est|était|es|fue|é|foi|è|era)"
# "<Name> covers agriculture for the Prairie Post."
_BEATS = (
    "covers", "writes about", "reports on", "berichtet über", "schreibt über", "pisze o",
    "zajmuje się", "couvre", "écrit sur", "cubre", "escribe sobre",
)  # fmt: skip
_BEAT_RE = "(?:" + "|".join(map(re.escape, _BEATS)) + ")"
# A person's or outlet's name in the original case: 2-5 capitalised words, particles allowed,
# not a sentence opener; followed by "is"/"ist"/"jest"/"est"/"es".
# What follows the role in a blurb: the outlet ("at the Courier", "bei der Zeitung", "Gazety
# Wyborczej") or the beat ("covering city hall"); "is a reporter who was detained" is news.
_ROLE_TAIL = (
    r"(?:" + WS + r"++(?:(?i:at|for|with|covering|based|specializing|specialising|bei|beim|für|"
    r"im|der|des|w|we|dla|au|aux|à|chez|du|pour|de|en|del|para|que\ cubre|da|do|na|no|em|"
    r"al|alla|della|dello|per|presso|di|bij|van|voor|op)\b|["
    + _UPPER
    + r"„“\"«])|"
    + WS
    + r"*+[.,;]?"
    + WS
    + r"*+\Z)"
)
# Agencies that describe themselves under their stories, and what they call themselves.
_AGENCY_NAME = trie(
    (
        "reuters", "afp", "agence france-presse", "associated press", "ap", "dpa", "pap",
        "polska agencja prasowa", "efe", "ansa", "lusa", "anp", "belga", "apa", "bloomberg",
        "xinhua", "kyodo", "anadolu", "yonhap", "the reuters", "the associated press", "the ap",
        "die dpa", "l'afp", "la afp", "la agencia efe", "la efe",
    )
)
# "AFP is", "Die dpa ist", "EFE es": an agency saying what it is ("AFP was unable to verify
# ... the official news agency" is news).
_AGENCY_IS = r"(?:is|ist|jest|est|es|é|è)"
_AGENCY_SELF = (
    r"(?:news\ agency|news\ organi[sz]ation|news\ provider|wire\ service|nachrichtenagentur|"
    r"agencja\ informacyjna|agencją\ informacyjną|agencja\ prasowa|agence\ mondiale|"
    r"agence\ de\ presse|agencia\ de\ noticias|agência\ de\ notícias|agenzia\ di\ stampa|"
    r"persbureau)"
)
_NEWS_WORD = (
    r"(?:news|journalism|reporting|information|nachrichten|journalismus|wiadomości|informacj|"
    r"dziennikarstw|informations|actualité|journalisme|noticias|información|periodismo|"
    r"notícias|informação|jornalismo|notizie|informazione|giornalismo|nieuws|journalistiek)"
)
# "Home > World > Europe", "Startseite › Politik", "News / Local / Crime": short pieces joined by
# arrows, or by slashes and bars with spaces around them (so "Harris/Walz ticket" stays). The
# separators are spelt once here: the pieces, the gate below and `_may_hold_crumb` all use them.
_CRUMB_ARROWS = ">›»"
_CRUMB_BARS = "/|·•"
_CRUMB_WORD = r"[^\s" + _CRUMB_ARROWS + _CRUMB_BARS + r".!?]{1,25}+"
_CRUMB = _CRUMB_WORD + r"(?:" + WS + _CRUMB_WORD + r"){0,4}+"
_CRUMB_SEP = (
    r"(?:" + WS + r"*+[" + _CRUMB_ARROWS + r"]" + WS + r"*+|"
    + WS + r"++[" + _CRUMB_BARS + r"]" + WS + r"++)"
)  # fmt: skip
# A breadcrumb's first piece, at most 25 + 4 * 26 = 129 characters none of which is a line
# break, a separator or ".!?", is followed by a separator after no or some spaces. This
# lookahead reads the line just that far in one step; it rejects lines of prose faster than the
# pieces' words do.
_CRUMB_GATE = (
    r"(?=[^\n" + _CRUMB_ARROWS + _CRUMB_BARS + r".!?]{0,129}+"
    + WS + r"*+[" + _CRUMB_ARROWS + _CRUMB_BARS + r"])"
)  # fmt: skip

# (A number may carry a Chinese, Japanese or Korean unit: "2024年11月27日 10时23分",
# "2024년 11월 27일"; its full stop is a token of its own: "27.11.2024", "27. März".)
_DATE_TOKEN = (
    r"(?:"
    + trie(DATE_WORDS)
    + r"\.?+(?!\w)|\d{1,4}+(?:[年月日時时分秒년월일시분초]|(?:st|nd|rd|th|h\d\d)?+(?!\w))|"
    r"[,./:–—()\[\]-])"
)
# A stamp opens with a weekday or with a word like "Updated"; a bare "12 March 2024" may be a
# heading of the story's own (a timeline) and is left alone.
_DATE_OPENER_RE = re.compile(r"(?:" + trie(DATE_LEADS) + "|" + trie(WEEKDAYS) + r")(?!\w)")
_DATE_LEAD_RE = re.compile(trie(DATE_LEADS) + r"(?!\w)")
_DATE_MAX_CHARS = 80

# Whole-line shapes that do not open with a fixed phrase (matched on lower-cased text), with
# the reason each gives. A shape that opens with a character class or a literal lets the engine
# reject a line on its first character without entering the shape ("\d\d{0,2}+", not the same
# "\d{1,3}+"; see `_SHAPES_PATTERN`).
_SHAPES = {
    # "3 min read", "4 Min. Lesezeit", "5 min de lecture".
    "label": (
        r"\d\d{0,2}+" + WS + r"*+min(?:ute[ns]?|s|\.)?" + WS + r"*+(?:read|lesezeit|czytania|"
        r"de\ lecture|de\ lectura|de\ leitura|di\ lettura|leestijd)"
    ),
    # A line that is only a date or a time stamp: "Tuesday, 12 March 2024 at 14:05", "Updated
    # at 1:23 p.m.", "sexta-feira, 22 de outubro de 2010 às 20:13" (`_is_date_line` checks it
    # holds a year or opens with a word like "Updated").
    # (It opens with the weekday or the lead word, so most lines fail on their first letters.)
    "date": (
        tries_by_initial(
            (
                DATE_LEADS,
                r"(?:" + WS + r"(?:on|at|am|le|el|em|o|il|op))?[:：]?" + WS + "*+" + _DATE_TOKEN,
            ),
            (WEEKDAYS, r"\.?+(?!\w)"),
        )
        + r"(?:"
        + WS
        + r"*+"
        + _DATE_TOKEN
        + r"){2,24}+"
    ),
    # A line that is nothing but an image's address, as a page's image leaks into its text:
    # "[https://m.wsj.net/video/20191119/hk/hk_167x94.jpg]".
    "media": (
        r"\[?+https?://[^\s\]]{1,300}?\.(?:jpe?g|png|gif|webp|avif|svg)"
        r"(?:\?[^\s\]]{0,200}+)?\]?+"
    ),
    # A WordPress shortcode the site failed to render: "[button link=...]Send us a review[/button]",
    # "[caption id="attachment_12" width="300"]"; not "[Reuters]", a source named in brackets.
    "markup": (
        r"\[[a-z_]{2,20}+(?:"
        + WS
        + r"++[a-z_]{1,20}+=[^\]\n]{0,300}+\](?:[^\n]{0,300}?\[/[a-z_]{2,20}+\])?|"
        + r"\][^\n]{0,300}?\[/[a-z_]{2,20}+\])"
    ),
    # "12 comments"; WordPress's header over a post's comments, "3 thoughts on “Hello world!”"
    "comments": (
        r"(?:\d\d{0,5}+" + WS + r"*+" + trie(_COMMENTS) + r"|(?:\d\d{0,4}+|one)" + WS + r"++"
        + trie(_COMMENTS_ON) + WS + r"*+[\"“„«'‘‚][^\n]{1,200}+)"
    ),
    "navigation": _CRUMB_GATE + _CRUMB + r"(?:" + _CRUMB_SEP + _CRUMB + r"){1,8}+",
    # Agency self-descriptions: "With 2,400 staff in 110 countries, <Agency> delivers news",
    # "AFP is a global news agency ...", "Reuters, the news and media division of Thomson
    # Reuters, is the world's largest multimedia news provider". (Named only after the story's
    # last paragraph: `_blurbs_after_the_story`.)
    "author_blurb": (
        r"(?:(?:with|mit|z|avec|con|com|met)" + WS + r"++(?:(?:more\ than|over|around|about|"
        r"nearly|some|mehr\ als|über|rund|etwa|ponad|około|plus\ de|environ|más\ de|cerca\ de|"
        r"mais\ de|più\ di|oltre|circa|meer\ dan|ongeveer)\ )?"
        r"\d[\d,.\ ]{0,12}+[^\n]{0,60}(?:countries|bureaus|journalists|staff|correspondents|"
        r"ländern|büros|krajach|pays|países|paesi|landen)[^\n]{0,200}"
        r"(?:" + _NEWS_WORD + r"|(?<!\w)" + _AGENCY_NAME + r"\b)"
        r"|" + _AGENCY_NAME + r"\b(?:,[^\n]{1,80}?,)?" + WS + r"++" + _AGENCY_IS + WS + r"++"
        r"[^\n]{0,100}?" + _AGENCY_SELF
        + r")[^\n]{0,300}+"
    ),
}
# Spaces and decoration before a line's text. (An empty branch, not "?", and the class spelt
# first: the engine rejects a line's first letter in one step instead of setting up a repeat.)
_PREFIX = WS + r"*+(?:[^\w\s][^\w\s]{0,5}+" + WS + r"*+|)"


def _shapes_pattern(names: Iterable[str]) -> str:
    """The alternation of the named shapes. Each shape names itself by an empty group at its
    end (the match's `lastgroup`), not by a group around it: a group opening the branch would
    hide the shape's first character from the engine's check before it enters the branch."""
    return "|".join(f"{_SHAPES[name]}(?P<{name}>)" for name in names)


_SHAPES_PATTERN = _shapes_pattern(_SHAPES)


# Where the line regexes start: a line break (found by the engine's fast scan for a literal) not
# followed by another. No rule matches an empty line, and without the lookahead each of those
# (a third of an article's lines) was tried against every phrase and shape.
_LINE_START = r"\n(?!\n)"


def _line_re(shapes: str) -> re.Pattern[str]:
    """One pass over the whole lower-cased document (with a "\\n" added at both ends, so that a
    match starts at a line break, which the engine finds with a fast scan). Leading spaces and
    decoration (bullets, arrows, pipes) before the line's text are allowed. A phrase ends
    where a word ends, or on a Chinese character or kana, which are written without spaces:
    "关注我们的微信公众号" opens with "关注我们" (follow us)."""
    return re.compile(
        _LINE_START
        + _PREFIX
        + r"(?:(?P<phrase>"
        + trie(_PHRASE_RULES)
        + r")(?:(?<!\w)|(?!\w)|(?<=["
        + CJK_CLASS
        + r"]))[^\n]*+|(?:"
        + shapes
        + r")"
        + WS
        + r"*+(?=\n))"
    )


_LINE_RE = _line_re(_SHAPES_PATTERN)
# The breadcrumb shape is tried on every line and is the dearest (it reads up to five words of
# prose before it fails); most article bodies hold no character it needs between its pieces
# (`_may_hold_crumb`) and are scanned without it.
_LINE_NO_CRUMB_RE = _line_re(_shapes_pattern(name for name in _SHAPES if name != "navigation"))
# "/" is checked apart (`_may_hold_crumb`)
_CRUMB_SEPARATORS = tuple((_CRUMB_ARROWS + _CRUMB_BARS).replace("/", ""))
_SHAPES_RE = re.compile(_PREFIX + r"(?:" + _SHAPES_PATTERN + r")" + WS + r"*+$")


def _may_hold_crumb(low: str) -> bool:
    """Whether the breadcrumb shape may match a line of `low` (a text framed by "\\n"): it needs
    one of `_CRUMB_SEPARATORS`, or a "/" after white space (`_CRUMB_SEP`; a URL's or a date's
    slashes are not)."""
    for separator in _CRUMB_SEPARATORS:  # (a loop: `any` over a generator took twice as long)
        if separator in low:
            return True
    at = low.find("/")
    while at != -1:
        if low[at - 1].isspace() and low[at - 1] != "\n":  # `WS`: \s but a line break
            return True
        at = low.find("/", at + 1)
    return False

# Author and outlet blurbs, on the original text (names are told by their capitals):
# "<Name> is a senior reporter at <outlet> ...", "<Agency> is a global news agency ...".
# 2-5 capitalised name words, particles allowed, not a sentence opener.


def _name_start() -> str:
    """A name's first letter: a capital that does not open one of `_OPENERS`.

    One branch per opener initial ("T" not followed by "he", "his", ... and a word's end) and a
    class of the other capitals: the engine checks a branch's first character before it enters
    it, so most lines fail on their first character, where a lookahead of the 29 openers before
    the capital was entered on every line.
    """
    tails: dict[str, list[str]] = {}
    for opener in _OPENERS:
        tails.setdefault(opener[0], []).append(opener[1:])
    branches = [f"{initial}(?!(?:{'|'.join(rest)})\\b)" for initial, rest in tails.items()]
    others = "".join(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in tails)
    return "(?:" + "|".join(branches) + "|[" + others + _UPPER.removeprefix("A-Z") + "])"


# The second word is spelt out, not counted: most lines fail there, before the engine has set up
# a repeat.
_NAME = _name_start() + _NAME_WORD + _NAME_NEXT + r"(?:" + _NAME_NEXT + r"){0,3}"
# Matched against one line at a time (`_mark_blurbs`).
_BLURB_RE = re.compile(
    _PREFIX
    + _NAME
    + WS
    + r"{1,3}+(?:"
    + _IS_RE
    + WS
    + r"{1,3}+(?:[^\n]{0,50}(?i:"
    + trie(_ROLES)
    + r")"
    + _ROLE_TAIL
    + r"|[^\n]{0,80}(?i:"
    + trie(_AGENCY_KIND)
    + r"))"
    + r"|"
    + _BEAT_RE
    + r"\b[^\n]{0,100}\b(?:for|für|dla|pour|para)\b"
    + r")[^\n]{0,300}+\Z"
)
# "... All rights reserved." anywhere in a short line (plain substring search is the fastest).


class _Needle(NamedTuple):
    """A rule for lines holding a rare substring, found with str.find instead of the regex scan."""

    needle: str  # lower case
    pattern: re.Pattern[str]  # searched in the lower-cased line
    reason: str
    max_len: int
    whole_line: bool = False  # the pattern must match the whole line, not just occur in it


_RESERVED_RE = re.compile(trie(_RESERVED))
# A short line that is mostly an e-mail address: "Licensing and syndication: sales@wire.example".
_EMAIL_LINE_RE = re.compile(
    r"[^\n@]{0,60}(?<![\w.+-])[\w.+-]{1,64}+@[\w-]{1,63}+(?:\.[\w-]{1,63}+){1,4}+[.)]?"
    + WS
    + r"*+"
)
_URL = r"(?:https?://|www\.)[^\s]{1,200}+"
_LABELLED_LINK_RE = re.compile(
    r"[^\n:/]{1,30}+:"
    + WS
    + r"*+"
    + _URL
    + r"(?:"
    + WS
    + r"++(?:and|und|i|et|y|,)"
    + WS
    + r"++"
    + _URL
    + r")?"
    + WS
    + r"*+"
)
_NEWSLETTER_NAME_RE = re.compile(
    WS + r"*+(?:[^\s.!?:]{1,20}+" + WS + r"++){1,4}newsletters?" + WS + r"*+"
)
# A company's "About" paragraph closing a press release: where it is based and how big it is.
# (Found through its rare words with str.find: as a line shape it cost the scan of every line.)
_COMPANY_BLURB_RE = re.compile(
    r"[^\n]{1,80}?\ (?:is\ headquartered\ in|hat\ (?:seinen|ihren)\ (?:haupt)?sitz\ in|"
    r"mit\ (?:haupt)?sitz\ in|ma\ siedzibę\ w|z\ siedzibą\ w|a\ son\ siège\ à|"
    r"dont\ le\ siège\ (?:social\ )?est\ à|tiene\ su\ sede\ en)\ [^\n]{0,200}?"
    r"(?:employs|employees|subsidiaries|offices\ in|beschäftigt|mitarbeiter|niederlassungen|"
    r"tochtergesellschaften|zatrudnia|pracowników|oddziały|emploie|collaborateurs|salariés|"
    r"filiales|emplea|empleados|oficinas\ en)[^\n]{0,600}+"
)
_NEEDLES = (
    *(
        _Needle(needle, _RESERVED_RE, "boilerplate:copyright", 300)
        for needle in ("reserv", "vorbehalten", "zastrzeżone", "réservés", "riservati")
    ),
    _Needle("@", _EMAIL_LINE_RE, "boilerplate:contact", 100, whole_line=True),
    # "Listen: https://...", "More AP NBA: https://... and https://...": a label and links.
    _Needle("http", _LABELLED_LINK_RE, "boilerplate:navigation", 240, whole_line=True),
    # "Pick Six Newsletter": a newsletter's name alone on its line.
    _Needle("newsletter", _NEWSLETTER_NAME_RE, "boilerplate:newsletter", 60, whole_line=True),
    *(
        _Needle(needle, _COMPANY_BLURB_RE, "boilerplate:company_blurb", 900, whole_line=True)
        for needle in ("headquartered", "sitz in", "siedzib", "siège", "sede en")
    ),
)


# A line can be an author or outlet blurb (`_BLURB_RE`) only if it holds one of these: each
# role, agency kind and beat of the blurb holds one (`_blurb_stems_cover`). The needle scan
# finds them with the rare words above, and the blurb pattern is tried on their lines only:
# scanning the whole text for it cost ~9 us of an AEB article body (the engine spends ~200 ns
# at each of its ~45 line starts); an AEB body has ~3 lines holding a stem. No space in a
# stem: the spaces of the roles and agency kinds match any run of one to three spaces.
_BLURB_STEMS = (
    "reporter", "reports", "repórt", "orrespon", "orrispon", "korespond", "write", "editor",
    "redakt", "dact", "redat", "rnalist", "dziennikar", "olumnist", "colunist", "felietonist",
    "publicyst", "chroniqueu", "periodista", "contributor", "producer", "critic", "photographer",
    "intern", "fellow", "freelancer", "author", "autor", "analyst", "anchor", "host", "blogger",
    "volontär", "ressortleiter", "verslag", "agenc", "agênc", "agenz", "service", "organi",
    "nachrichtenagentur", "covers", "berichtet", "schreibt", "pisze", "zajmuje", "couvre",
    "écrit", "cubre", "escribe",
)  # fmt: skip
# The characters that the blurb's case-insensitive roles match to a letter other than their
# `lower` ("ı" and "İ" to "i", "ſ" to "s"): a role spelt with one holds no stem in the
# lower-cased text, so every line of a text holding one is tried.
_CASE_ODD = ("ı", "İ", "ſ")


def _blurb_stems_cover() -> bool:
    """Whether every role, agency kind and beat of `_BLURB_RE` holds a `_BLURB_STEMS` stem."""
    words = [word.lower() for word in _ROLES + _AGENCY_KIND + _BEATS]
    return all(any(stem in word for stem in _BLURB_STEMS) for word in words)


@functools.cache
def _needle_search() -> NeedleSearch:
    """The search for `_NEEDLES` and then `_BLURB_STEMS` (a hit's index is its place here)."""
    if not _blurb_stems_cover():
        raise ValueError("a blurb role, agency kind or beat holds none of _BLURB_STEMS")
    return NeedleSearch([rule.needle for rule in _NEEDLES] + list(_BLURB_STEMS))


def needle_hits(
    lows: Sequence[str], codes: np.ndarray | None = None, bounds: np.ndarray | None = None
) -> list[list[tuple[int, int]]]:
    """For each lower-cased text, (needle index, offset) of every `_NEEDLES` needle and
    `_BLURB_STEMS` stem it holds, ordered by needle then offset: what `rule_reasons` reads, for
    a batch at once (one native call). `codes` and `bounds`: see `NeedleSearch.hits`.
    """
    return _needle_search().hits(lows, codes, bounds)


_TEASER_MAX_LINES = 25
_TEASER_MAX_CHARS = 160
_ELLIPSIS_END = ("…", "...")


def _lead_holds(lead: _Lead, line: str, low: str, end: int) -> bool:
    """Whether `lead`'s conditions hold for a line whose phrase ends at `end`."""
    if len(line) > lead.max_len:
        return False
    if lead.rest is not None and lead.rest.fullmatch(low, end) is None:
        return False
    if lead.then is not None and lead.then.match(low, end) is None:
        return False
    if lead.needs is not None and lead.needs.search(low, end) is None:
        return False
    return lead.named is None or lead.named.fullmatch(line, end) is not None


def _phrase_reason(line: str, low: str, start: int, end: int) -> tuple[str | None, bool]:
    """The reason, and whether a block starts, for a line opening with a known phrase.

    `low` is the lower-cased line; the phrase spans low[start:end].
    """
    phrase = low[start:end]
    leads = _PHRASE_RULES.get(phrase)
    if leads is None:  # more than one space, or another space, between its words
        phrase = phrase_key(phrase)
        leads = _PHRASE_RULES[phrase]
    candidates = [(lead, end) for lead in leads]
    for key, pattern in _SHORTER[phrase]:
        found = pattern.match(low, start)
        if found is not None:
            candidates.extend((lead, found.end()) for lead in _PHRASE_RULES[key])
    # Whole-line phrases first, then whole-line shapes (a menu that opens with "Top stories |"
    # is navigation), then phrases that open a longer line. (The length is compared here too,
    # before a call: on full pages this runs for a tenth of all lines.)
    size = len(line)
    for lead, lead_end in candidates:
        if (
            lead.whole_line
            and size <= lead.max_len
            and _lead_holds(lead, line, low, lead_end)
        ):
            return lead.reason, lead.block
    shape = _SHAPES_RE.match(low)
    if shape is not None and (shape.lastgroup != "date" or _is_date_line(low)):
        return "boilerplate:" + str(shape.lastgroup), False
    for lead, lead_end in candidates:
        if not lead.whole_line and size <= lead.max_len and _lead_holds(lead, line, low, lead_end):
            return lead.reason, lead.block
    return None, False


def _is_date_line(low_line: str) -> bool:
    """Whether a line the date shape matched is a stamp: short, opening with a weekday and
    holding a year, or opening with a word like "Updated".

    A time alone ("4:14 p.m.") or a date alone ("13 May 2014", a timeline's heading) is left:
    it may be part of the story.
    """
    text = low_line.strip()
    if len(text) > _DATE_MAX_CHARS or _DATE_OPENER_RE.match(text) is None:
        return False
    return _YEAR_RE.search(text) is not None or _DATE_LEAD_RE.match(text) is not None


def _is_teaser_snippet(line: str) -> bool:
    """A line that reads like a teaser under a "Related" header, not like article prose.

    Teasers are headlines (short, no closing full stop) or cut-off snippets ending in "…";
    a full sentence of body length ends the block, and so does a line ending in a colon: the
    story's own list or quote starts under it ("Las nuevas medidas:").
    """
    text = line.strip()
    if len(text) > _TEASER_MAX_CHARS or text.endswith(":"):
        return False
    if text.endswith(_ELLIPSIS_END):
        return True
    return text[-1] not in SENTENCE_END or width(text) < 40


def classify_lines(lines: Sequence[str]) -> list[str | None]:
    """For each line of ONE document, the rule that removes it (`boilerplate:<rule>`), or None.

    `lines` is the document split on "\\n" with the newline removed. Blank lines are always kept
    (None) so that paragraph structure stays.
    """
    text = "\n".join(lines)
    return rule_reasons(lines, text, lower_text(text))


def rule_reasons(
    lines: Sequence[str],
    text: str,
    low_text: str,
    needles: Sequence[tuple[int, int]] | None = None,
) -> list[str | None]:
    """`classify_lines` for callers that already hold `text` (the lines joined by "\\n") and
    `low_text` (`lower_text(text)`), which the line model needs too, and maybe the
    text's `needle_hits` (taken for a whole batch).

    A teaser header ("Related", "Lesen Sie auch", "Czytaj także" ...) also removes the teaser
    snippets that follow it, up to the first line that reads like body prose; "About the
    author" removes the paragraph under it.
    """
    out: list[str | None] = [None] * len(lines)
    if not lines:
        return out
    low = "\n" + low_text + "\n"
    row = 0
    pos = 0
    blocks: list[int] = []
    blurbs: list[int] = []  # lines only a blurb's shape names (`_blurbs_after_the_story`)
    dates: list[int] = []  # date stamps (`_timeline_headings`)
    line_re = _LINE_RE if _may_hold_crumb(low) else _LINE_NO_CRUMB_RE
    for match in line_re.finditer(low):
        row += low.count("\n", pos, match.start())
        pos = match.start()
        line_start = pos + 1
        line = lines[row]
        if match.lastgroup == "phrase":
            low_line = low[line_start : line_start + len(line)]
            reason, block = _phrase_reason(
                line,
                low_line,
                match.start("phrase") - line_start,
                match.end("phrase") - line_start,
            )
            out[row] = reason
            if block and reason is not None:
                blocks.append(row)
        else:
            if match.lastgroup != "date" or _is_date_line(low[line_start : line_start + len(line)]):
                out[row] = "boilerplate:" + str(match.lastgroup)
                if match.lastgroup == "author_blurb":
                    blurbs.append(row)
                elif match.lastgroup == "date":
                    dates.append(row)
    hits = needle_hits([low_text])[0] if needles is None else needles
    # ordered by needle: the rules' hits first, then the blurb stems'
    stems_from = bisect.bisect_left(hits, (len(_NEEDLES), -1))
    blurbs += _mark_blurbs(lines, text, low_text, hits[stems_from:], out)
    hits = hits[:stems_from]
    # In the order of `_NEEDLES` (the first rule to name a line keeps it), each line once.
    end = -1
    company = False  # a company blurb was named (only a needle rule names one)
    rows = RowCounter(low, top=1)
    for i, (k, at) in enumerate(hits):
        found = at + 1  # in `low`, framed by line breaks
        if i and k != hits[i - 1][0]:
            end = -1
        if found < end:
            continue  # this line was checked for this needle already
        rule = _NEEDLES[k]
        start = low.rfind("\n", 0, found) + 1
        end = low.find("\n", found)
        if end - start <= rule.max_len and (
            rule.pattern.fullmatch(low, start, end)
            if rule.whole_line
            else rule.pattern.search(low, start, end)
        ):
            row = rows.row(start)
            out[row] = out[row] or rule.reason
            company = company or out[row] == "boilerplate:company_blurb"
    for header in blocks:
        _extend_block(lines, out, header)
    if company:
        _company_paragraphs(lines, out)
    comment_thread(lines, low, out)
    stamped_lists(lines, low, out)
    if blurbs:
        _blurbs_after_the_story(lines, out, blurbs, blocks)
    if len(dates) >= _TIMELINE_MIN_HEADINGS:
        _timeline_headings(lines, out, dates)
    return out


_TIMELINE_MIN_HEADINGS = 3


_ENTRY_MIN_CHARS = 60  # a timeline entry's paragraphs

def _timeline_headings(lines: Sequence[str], out: list[str | None], dates: Sequence[int]) -> None:
    """Unname the date stamps that head a timeline's entries.

    "Montag, 4. November 2024" above the page's story is a stamp; three or more of them, each
    over nothing but paragraphs of prose no rule names up to the next one, are the headings of
    a chronicle, and the entries lose their dates without them. A list of teasers under stamps
    ("Wednesday November 20, 2019" between each teaser's headline and its summary) has a short
    line in each item, and stays named.
    """
    headings = []
    for row, after in zip(dates, [*dates[1:], len(lines)], strict=True):
        entry = [i for i in range(row + 1, after) if lines[i].strip()]
        if entry and all(out[i] is None and is_prose(lines[i], _ENTRY_MIN_CHARS) for i in entry):
            headings.append(row)
    if len(headings) >= _TIMELINE_MIN_HEADINGS:
        for row in headings:
            if out[row] == "boilerplate:date":
                out[row] = None


def _blurbs_after_the_story(
    lines: Sequence[str], out: list[str | None], blurbs: Sequence[int], blocks: Sequence[int]
) -> None:
    """Unname the blurb-shaped lines (`blurbs`) that body prose follows.

    "<Name> is a reporter for <outlet> ..." and "<Agency> is a global news agency" close a
    story, in its author's or agency's box; inside the story the same shape is news ("Evan
    Gershkovich is a reporter for the Wall Street Journal who has been detained ..."). Body
    prose is a line no rule names, of `PROSE_MIN_CHARS` or more, ending a sentence. The
    paragraph under an "About the author" header is the box's wherever it stands.
    """
    boxed = {
        next((i for i in range(header + 1, len(lines)) if lines[i].strip()), -1)
        for header in blocks
        if out[header] == "boilerplate:author_blurb"
    }
    last_prose = -1
    for row in range(len(lines) - 1, max(blurbs) - 1, -1):
        if out[row] is None and is_prose(lines[row], PROSE_MIN_CHARS):
            last_prose = row
            break
    for row in blurbs:
        if row < last_prose and row not in boxed and out[row] == "boilerplate:author_blurb":
            out[row] = None


def _mark_blurbs(
    lines: Sequence[str],
    text: str,
    low_text: str,
    stem_hits: Sequence[tuple[int, int]],
    out: list[str | None],
) -> list[int]:
    """Name the author and outlet blurbs (`_BLURB_RE`) among the lines holding a
    `_BLURB_STEMS` stem (`stem_hits`: offsets in `low_text`), or among all lines of a text
    holding a `_CASE_ODD` character; return their rows."""
    named: list[int] = []
    if any(map(text.__contains__, _CASE_ODD)):
        for row, line in enumerate(lines):
            if _BLURB_RE.match(line):
                out[row] = "boilerplate:author_blurb"
                named.append(row)
        return named
    # Without those characters the lower-cased text has the text's offsets. A line is matched
    # in place, between its line breaks; its row is counted only for a match (counting every
    # hit's row cost more than the matching).
    tried = -1
    for at in sorted(offset for _, offset in stem_hits):
        start = low_text.rfind("\n", 0, at) + 1
        if start == tried:
            continue
        tried = start
        end = low_text.find("\n", at)
        if _BLURB_RE.match(text, start, len(text) if end == -1 else end):
            row = text.count("\n", 0, start)
            out[row] = "boilerplate:author_blurb"
            named.append(row)
    return named


def _company_paragraphs(lines: Sequence[str], out: list[str | None]) -> None:
    """Extend a company's "About" blurb to the paragraphs around it that open with its name.

    The rule finds the paragraph that says where the company is based and how many people it
    employs; the blurb often has one or two more ("Acme is a global provider of ...") that
    open with the same name.
    """
    for row, reason in enumerate(list(out)):
        if reason != "boilerplate:company_blurb":
            continue
        name = lines[row].split(None, 1)[0] if lines[row].strip() else ""
        if len(name) < 3 or not name[0].isupper():
            continue
        for step in (-1, 1):
            i, taken = row + step, 0
            while 0 <= i < len(lines) and taken < 2:
                line = lines[i]
                if line.strip():
                    if out[i] is not None or not line.startswith(name + " "):
                        break
                    out[i] = reason
                    taken += 1
                i += step


# Lines a block runs on past: a teaser's photo credit ("Foto: Rena Marijn / stock.adobe.com")
# or date stamp ("Stand: 04.02.2022").
_WITHIN_BLOCK = frozenset({"boilerplate:copyright", "boilerplate:credit", "boilerplate:date"})


def _extend_block(lines: Sequence[str], out: list[str | None], header: int) -> None:
    """Mark the snippet lines that follow a block header with the header's reason."""
    reason = out[header]
    taken = 0
    for i in range(header + 1, min(len(lines), header + 1 + 2 * _TEASER_MAX_LINES)):
        line = lines[i]
        if not line.strip():
            continue
        if reason == "boilerplate:author_blurb":
            if out[i] is None:
                out[i] = reason  # the blurb is the paragraph right under "About the author"
            return  # (a paragraph a rule already named is that blurb, or not the box's)
        if out[i] is not None:
            if out[i] == reason or out[i] in _WITHIN_BLOCK:
                continue
            return
        if reason == "boilerplate:tags":
            if _BARE_TAG_LIST_RE.fullmatch(line.strip()):
                out[i] = reason  # "Tags" above "budget, city council, ferry, harbour"
            return
        if not _is_teaser_snippet(line):
            return
        out[i] = reason
        taken += 1
        if taken >= _TEASER_MAX_LINES:
            return

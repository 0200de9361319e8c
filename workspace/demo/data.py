"""Demo data for the Border Management Expert Workspace: pure data and deterministic generators.

Nothing here touches the database. Names are invented, culturally plausible combinations;
agency names are generic and make no claim about any country's real internal structure.
Every e-mail address uses the reserved ``.example`` top-level domain and every generator
takes its own ``random.Random(seed)``, so the global random state is never used.

Which countries belong to which region is read from ``workspace/data/regions.json`` (the
same file the app uses); it is not repeated here.
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "CALLING_CODES",
    "COUNTRY_INFO",
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "EXPERTISE",
    "EXPERTISE_SLUGS",
    "EXPERTISE_TRANSLATIONS",
    "LANGUAGES",
    "ORG_TYPES",
    "PARTNER_ORGS",
    "POSITIONS",
    "demo_members",
]

_T = TypeVar("_T")

REGIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "regions.json"

# --------------------------------------------------------------------------------------------
# Taxonomies
# --------------------------------------------------------------------------------------------

EXPERTISE: list[tuple[str, str]] = [
    ("biometrics", "Biometrics"),
    ("api-pnr", "API/PNR passenger data"),
    ("document-security", "Document security"),
    ("small-arms-light-weapons", "Small arms and light weapons"),
    ("cbrn-materials", "CBRN materials"),
    ("drones-surveillance", "Drones and surveillance"),
    ("ai-data-analytics", "AI and data analytics"),
    ("risk-management", "Risk management"),
    ("human-rights-safeguards", "Human rights safeguards"),
    ("gender-mainstreaming", "Gender mainstreaming"),
    ("maritime-borders", "Maritime borders"),
    ("customs-cooperation", "Customs cooperation"),
    ("foreign-terrorist-fighters", "Foreign terrorist fighters"),
    ("watchlists-interpol", "Watchlists and INTERPOL databases"),
    ("border-communities", "Border community engagement"),
    ("trafficking-smuggling", "Trafficking in persons and migrant smuggling"),
    ("integrated-border-management", "Integrated border management"),
    ("terrorist-financing", "Counter-terrorism financing at borders"),
    ("cyber-crypto", "Cyber threats and crypto-asset financing"),
    ("green-border-surveillance", "Green border surveillance"),
]
# The same areas in French, Arabic and Russian, as the workspace's moderators would enter them.
EXPERTISE_TRANSLATIONS: dict[str, dict[str, str]] = {
    "biometrics": {"fr": "Biométrie", "ar": "القياسات الحيوية", "ru": "Биометрия"},
    "api-pnr": {
        "fr": "Données passagers API/PNR",
        "ar": "بيانات الركاب المسبقة وسجلات أسماء الركاب",
        "ru": "Данные о пассажирах API/PNR",
    },
    "document-security": {
        "fr": "Sécurité des documents",
        "ar": "أمن الوثائق",
        "ru": "Защита документов",
    },
    "small-arms-light-weapons": {
        "fr": "Armes légères et de petit calibre",
        "ar": "الأسلحة الصغيرة والأسلحة الخفيفة",
        "ru": "Стрелковое оружие и лёгкие вооружения",
    },
    "cbrn-materials": {
        "fr": "Matières NRBC",
        "ar": "المواد الكيميائية والبيولوجية والإشعاعية والنووية",
        "ru": "Материалы ХБРЯ",
    },
    "drones-surveillance": {
        "fr": "Drones et surveillance",
        "ar": "الطائرات المسيّرة والمراقبة",
        "ru": "Беспилотники и наблюдение",
    },
    "ai-data-analytics": {
        "fr": "IA et analyse de données",
        "ar": "الذكاء الاصطناعي وتحليل البيانات",
        "ru": "ИИ и анализ данных",
    },
    "risk-management": {
        "fr": "Gestion des risques",
        "ar": "إدارة المخاطر",
        "ru": "Управление рисками",
    },
    "human-rights-safeguards": {
        "fr": "Garanties en matière de droits humains",
        "ar": "ضمانات حقوق الإنسان",
        "ru": "Гарантии прав человека",
    },
    "gender-mainstreaming": {
        "fr": "Intégration de la dimension de genre",
        "ar": "تعميم مراعاة المنظور الجنساني",
        "ru": "Учёт гендерной проблематики",
    },
    "maritime-borders": {
        "fr": "Frontières maritimes",
        "ar": "الحدود البحرية",
        "ru": "Морские границы",
    },
    "customs-cooperation": {
        "fr": "Coopération douanière",
        "ar": "التعاون الجمركي",
        "ru": "Таможенное сотрудничество",
    },
    "foreign-terrorist-fighters": {
        "fr": "Combattants terroristes étrangers",
        "ar": "المقاتلون الإرهابيون الأجانب",
        "ru": "Иностранные боевики-террористы",
    },
    "watchlists-interpol": {
        "fr": "Listes de surveillance et bases de données d’INTERPOL",
        "ar": "قوائم المراقبة وقواعد بيانات الإنتربول",
        "ru": "Списки наблюдения и базы данных ИНТЕРПОЛа",
    },
    "border-communities": {
        "fr": "Dialogue avec les communautés frontalières",
        "ar": "إشراك المجتمعات الحدودية",
        "ru": "Взаимодействие с приграничными общинами",
    },
    "trafficking-smuggling": {
        "fr": "Traite des personnes et trafic de migrants",
        "ar": "الاتجار بالأشخاص وتهريب المهاجرين",
        "ru": "Торговля людьми и незаконный ввоз мигрантов",
    },
    "integrated-border-management": {
        "fr": "Gestion intégrée des frontières",
        "ar": "الإدارة المتكاملة للحدود",
        "ru": "Комплексное управление границами",
    },
    "terrorist-financing": {
        "fr": "Lutte contre le financement du terrorisme aux frontières",
        "ar": "مكافحة تمويل الإرهاب على الحدود",
        "ru": "Противодействие финансированию терроризма на границах",
    },
    "cyber-crypto": {
        "fr": "Cybermenaces et financement par crypto-actifs",
        "ar": "التهديدات السيبرانية والتمويل بالأصول المشفرة",
        "ru": "Киберугрозы и финансирование через криптоактивы",
    },
    "green-border-surveillance": {
        "fr": "Surveillance de la frontière verte",
        "ar": "مراقبة الحدود البرية",
        "ru": "Охрана сухопутной границы",
    },
}
EXPERTISE_SLUGS: frozenset[str] = frozenset(slug for slug, _ in EXPERTISE)
_EXPERTISE_NAMES = dict(EXPERTISE)

ORG_TYPES: tuple[str, ...] = (
    "national_agency",
    "regional_organization",
    "international_partner",
    "civil_society",
)

# ISO 639-1 codes, plus the ISO 639-2 codes "fil" (Filipino) and "tet" (Tetum) where no
# two-letter code exists. Babel has display names for all of them.
LANGUAGES: list[str] = [
    "ar", "en", "fr", "ru", "pt", "es", "de",
    "kk", "ky", "tg", "tk", "uz",
    "id", "ms", "th", "vi", "km", "lo", "my", "fil", "tet", "zh", "ta",
    "sw", "am", "ti", "ha", "yo", "ig", "so", "wo", "bm", "ln", "sg", "rn", "rw", "mg",
    "af", "zu", "xh", "st", "tn", "ss", "ny", "sn", "ku",
]  # fmt: skip

_WORKING_LANGUAGES = ("en", "ar", "fr", "ru", "es", "pt")

# --------------------------------------------------------------------------------------------
# Names. Given names carry a gender; family names are in their base (masculine) form where
# the language inflects them (Central Asian and Russian -ov/-ev/-in take -a for women;
# Mauritanian names use "Ould" for men and "Mint" for women).
# --------------------------------------------------------------------------------------------


def _g(female: str, male: str) -> list[tuple[str, str]]:
    """Given names from two comma-separated lists, each tagged with its gender."""
    return [(n.strip(), "female") for n in female.split(",")] + [
        (n.strip(), "male") for n in male.split(",")
    ]


def _f(names: str) -> list[str]:
    return [n.strip() for n in names.split(",")]


_GIVEN: dict[str, list[tuple[str, str]]] = {
    # League of Arab States
    "gulf": _g(
        "Fatima, Noura, Maryam, Hessa, Aisha, Latifa, Reem, Dana",
        "Fahad, Abdullah, Khalid, Saud, Mohammed, Nasser, Faisal, Salem, Hamad",
    ),
    "yemen": _g(
        "Arwa, Amal, Huda, Samira, Bilqis, Afrah",
        "Ali, Abdulrahman, Nabil, Hisham, Waleed, Mohammed, Adel",
    ),
    "levant": _g(
        "Rania, Lina, Hala, Dima, Nour, Rasha, Maya, Zeina",
        "Omar, Ahmad, Karim, Tarek, Sami, Bassel, Ziad, Fadi",
    ),
    "iraq": _g(
        "Zainab, Shahad, Noor, Hawraa, Sura, Rusul",
        "Ali, Hussein, Mustafa, Haider, Ammar, Sajjad, Ahmed",
    ),
    "egypt": _g(
        "Mona, Heba, Yasmin, Nermeen, Doaa, Amira, Rania",
        "Ahmed, Mahmoud, Mostafa, Tamer, Sherif, Hany, Karim",
    ),
    "sudan": _g(
        "Amna, Sara, Hiba, Rayan, Samah, Nusaiba",
        "Osman, Abdelrahim, Babiker, Mohamed, Elfatih, Hamid, Yasir",
    ),
    "maghreb": _g(
        "Amina, Salma, Nadia, Khadija, Leila, Imane, Meriem, Sonia",
        "Youssef, Mehdi, Karim, Hamza, Rachid, Anis, Sofiane, Mourad",
    ),
    "mauritania": _g(
        "Mariem, Aichetou, Khadijetou, Fatimetou, Zeinabou, Mounina",
        "Sidi, Mohamed Lemine, Cheikh, Ahmedou, Brahim, Yahya",
    ),
    "somali": _g(
        "Hodan, Faduma, Ifrah, Sahra, Amran, Nimco, Deqa",
        "Abdirahman, Mohamed, Abdullahi, Hassan, Yusuf, Abdiqani, Mahad",
    ),
    "djibouti": _g(
        "Aicha, Fathia, Hodan, Asma, Kadra, Roukia",
        "Houssein, Moussa, Ismail, Abdourahman, Daher, Idriss",
    ),
    "comoros": _g(
        "Zainaba, Nadjati, Faïza, Mariama, Hadjira, Anziza",
        "Said, Ahmed, Mohamed, Ibrahim, Abdou, Chamsoudine",
    ),
    # Central Asia
    "KZ": _g(
        "Aigerim, Dana, Aruzhan, Gulnara, Saule, Madina, Zhanar",
        "Nurlan, Yerlan, Dauren, Askar, Bakhyt, Serik, Yerzhan",
    ),
    "UZ": _g(
        "Dilnoza, Nilufar, Gulnora, Malika, Shahnoza, Zarina",
        "Rustam, Jasur, Bekzod, Sardor, Otabek, Akmal, Farrukh",
    ),
    "TJ": _g(
        "Zarina, Mehrangez, Farzona, Nigina, Shahlo, Munisa",
        "Firuz, Davlat, Behruz, Farhod, Jamshed, Sukhrob, Parviz",
    ),
    "KG": _g(
        "Aizada, Cholpon, Aida, Begimai, Gulzat, Meerim",
        "Bakyt, Nurlan, Azamat, Kubanychbek, Ulan, Tilek, Almaz",
    ),
    "TM": _g(
        "Ogulnabat, Maral, Jahan, Bahar, Gozel, Leyli",
        "Merdan, Batyr, Dovlet, Myrat, Rustem, Kerim, Annageldi",
    ),
    # Africa
    "AO": _g(
        "Luzia, Esperança, Teresa, Marisa, Albertina, Domingas",
        "João, Manuel, Domingos, Adão, Francisco, Nelson",
    ),
    "MZ": _g(
        "Lurdes, Celeste, Anabela, Felismina, Judite, Ercília",
        "Armando, Celso, Jorge, Alberto, Fernando, Lázaro",
    ),
    "CV": _g(
        "Ana, Carla, Sónia, Edna, Ilídia, Odete",
        "Carlos, Jorge, Nuno, Hélio, Adilson, Emanuel",
    ),
    "GW": _g(
        "Aissatu, Domingas, Fatumata, Filomena, Cadi, Ivone",
        "Braima, Bacar, Armando, Sadjo, Quintino, Mamadu",
    ),
    "ST": _g(
        "Ivete, Elsa, Nilza, Celma, Alda, Edite",
        "Hélder, Jaime, Osvaldo, Adérito, Levy, Arlindo",
    ),
    "BF": _g(
        "Aminata, Salimata, Rasmata, Awa, Mariam, Safiatou",
        "Issouf, Boukary, Ousmane, Moussa, Abdoulaye, Lassané",
    ),
    "ML": _g(
        "Fatoumata, Kadiatou, Aïssata, Oumou, Djeneba, Mariam",
        "Bakary, Seydou, Mamadou, Souleymane, Boubacar, Drissa",
    ),
    "NE": _g(
        "Hadiza, Zeinabou, Mariama, Rabi, Aïchatou, Halima",
        "Abdou, Moussa, Idrissa, Hamidou, Salissou, Ibrahim",
    ),
    "SN": _g(
        "Aïssatou, Khady, Ndeye, Fatou, Awa, Coumba",
        "Mamadou, Cheikh, Ousmane, Moustapha, Pape, Ibrahima, Modou",
    ),
    "GN": _g(
        "Mariama, Hawa, Kadiatou, Fanta, Aissatou, Nènè",
        "Mamadou, Abdoulaye, Ibrahima, Thierno, Amadou, Mohamed",
    ),
    "CI": _g(
        "Adjoua, Aya, Affoué, Mariam, Ama, Estelle",
        "Kouadio, Yao, Koffi, Serge, Konan, Hervé",
    ),
    "BJ": _g(
        "Afiavi, Chimène, Rachida, Nadège, Sènami, Aurore",
        "Codjo, Romuald, Kossi, Rodrigue, Fiacre, Gildas",
    ),
    "TG": _g(
        "Akossiwa, Ablavi, Enyonam, Délali, Mawuena, Adjo",
        "Komlan, Kodjo, Yawo, Koffi, Edem, Kossi",
    ),
    "TD": _g(
        "Achta, Zenaba, Khadidja, Mariam, Hawa, Fatimé",
        "Mahamat, Abakar, Hassan, Youssouf, Adoum, Brahim",
    ),
    "CM": _g(
        "Marie-Claire, Solange, Brigitte, Carine, Esther, Nadine",
        "Jean-Paul, Emmanuel, Hervé, Franck, Aristide, Blaise",
    ),
    "CF": _g(
        "Clarisse, Odette, Prisca, Sylvie, Pélagie, Armelle",
        "Thierry, Fidèle, Aimé, Crépin, Gervais, Serge",
    ),
    "CG": _g(
        "Ghislaine, Prisca, Nadège, Grâce, Chancelvie, Rosalie",
        "Fulbert, Destin, Arnaud, Gervais, Rodrigue, Parfait",
    ),
    "CD": _g(
        "Mamie, Grâce, Bijou, Rachel, Dorcas, Ornella",
        "Patrick, Trésor, Jean-Marie, Dieudonné, Christian, Glody",
    ),
    "GA": _g(
        "Prisca, Lucie, Josiane, Flore, Murielle, Annie",
        "Ghislain, Rodrigue, Landry, Hervé, Jean-Rémy, Steeve",
    ),
    "GQ": _g(
        "María Teresa, Carmen, Pilar, Milagrosa, Juliana, Rosa",
        "José, Santiago, Crispín, Fortunato, Ángel, Pedro",
    ),
    "BI": _g(
        "Claudine, Espérance, Divine, Aline, Nadine, Béatrice",
        "Jean-Claude, Pascal, Thierry, Éric, Désiré, Prosper",
    ),
    "RW": _g(
        "Aline, Diane, Clarisse, Solange, Ange, Josiane",
        "Eric, Jean Bosco, Olivier, Emmanuel, Patrick, Innocent",
    ),
    "MG": _g(
        "Voahangy, Hanitra, Lalao, Fanja, Nirina, Tiana",
        "Rivo, Tahina, Mamy, Fidy, Tojo, Haja",
    ),
    "SC": _g(
        "Marie-Josée, Natasha, Sabrina, Jeannette, Vanessa, Cindy",
        "Jean-Paul, Bernard, Gerard, Ronny, Alain, Terry",
    ),
    "MU": _g(
        "Priya, Anjali, Nathalie, Shameema, Vanessa, Kavita",
        "Ravi, Vikash, Jean-Marc, Ashok, Yusuf, Christophe",
    ),
    "KE": _g(
        "Wanjiku, Akinyi, Njeri, Chebet, Faith, Mercy",
        "Kevin, Dennis, Samuel, Kiprono, Otieno, Brian",
    ),
    "TZ": _g(
        "Neema, Rehema, Zawadi, Halima, Upendo, Esther",
        "Baraka, Juma, Emmanuel, Hamisi, Daudi, Joseph",
    ),
    "UG": _g(
        "Nakato, Apio, Nabirye, Prossy, Harriet, Sarah",
        "Moses, Ronald, Isaac, Brian, Godfrey, Denis",
    ),
    "ET": _g(
        "Tigist, Meron, Hiwot, Selamawit, Bethlehem, Mahlet, Aster",
        "Dawit, Yonas, Abebe, Tesfaye, Bereket, Henok, Mulugeta",
    ),
    "ER": _g(
        "Senait, Helen, Luwam, Yodit, Saba, Rahwa",
        "Yonas, Tesfai, Samuel, Mehari, Dawit, Filmon",
    ),
    "SS": _g(
        "Nyandeng, Achol, Ayen, Nyabol, Abuk, Awut",
        "Deng, Majok, Lual, Malual, Gatluak, Akec",
    ),
    "NG": _g(
        "Aisha, Funmilayo, Chiamaka, Zainab, Folake, Amina, Ifeoma",
        "Chinedu, Emeka, Babatunde, Ibrahim, Musa, Olumide, Yusuf",
    ),
    "GH": _g(
        "Akosua, Abena, Efua, Adwoa, Ama, Esi",
        "Kofi, Kwabena, Yaw, Kojo, Kwesi, Kwaku",
    ),
    "GM": _g(
        "Isatou, Fatou, Binta, Awa, Haddy, Ndey",
        "Lamin, Ebrima, Modou, Bakary, Alieu, Ousman",
    ),
    "LR": _g(
        "Musu, Comfort, Yatta, Oretha, Kebeh, Hawa",
        "Momolu, Prince, Varney, Emmanuel, Tarnue, Augustine",
    ),
    "SL": _g(
        "Fatmata, Isatu, Mariatu, Aminata, Kadiatu, Hawa",
        "Mohamed, Abu, Sorie, Alhaji, Ibrahim, Santigie",
    ),
    "ZA": _g(
        "Thandiwe, Nomsa, Lerato, Palesa, Anika, Zanele",
        "Sipho, Pieter, Themba, Lwazi, Mandla, Ruan",
    ),
    "BW": _g(
        "Kefilwe, Boitumelo, Onalenna, Masego, Lorato, Naledi",
        "Kagiso, Tebogo, Thato, Oratile, Kabelo, Mpho",
    ),
    "LS": _g(
        "Palesa, Lineo, Puleng, Nthabiseng, Mpho, Limpho",
        "Thabo, Teboho, Lehlohonolo, Tšepo, Motlatsi, Tumelo",
    ),
    "SZ": _g(
        "Nomvula, Thembi, Sibusisiwe, Lindiwe, Phindile, Nokuthula",
        "Sibusiso, Mandla, Bongani, Sandile, Vusi, Themba",
    ),
    "NA": _g(
        "Ndapewa, Selma, Ester, Frieda, Ndinelago, Anna",
        "Tangeni, Johannes, Petrus, Immanuel, Paulus, Elago",
    ),
    "MW": _g(
        "Chikondi, Tiwonge, Mercy, Grace, Chisomo, Thokozani",
        "Blessings, Kondwani, Mphatso, Chimwemwe, Yamikani, Limbani",
    ),
    "ZM": _g(
        "Mwila, Natasha, Mutinta, Chileshe, Namukolo, Bupe",
        "Mwape, Chanda, Kelvin, Emmanuel, Mubanga, Kasonde",
    ),
    "ZW": _g(
        "Tendai, Rutendo, Nyasha, Chipo, Tsitsi, Rudo",
        "Tatenda, Tinashe, Takudzwa, Kudakwashe, Farai, Tafadzwa",
    ),
    # ASEAN
    "malay": _g(
        "Siti Aishah, Farah, Nur Hidayah, Aminah, Zarina, Syazwani",
        "Ahmad Faiz, Mohd Hafiz, Azman, Khairul, Amirul, Syafiq",
    ),
    "ID": _g(
        "Siti, Rina, Putri, Ayu, Fitri, Wulan, Indah",
        "Budi, Agus, Hendra, Rizky, Andi, Wahyu, Dimas",
    ),
    "KH": _g(
        "Sreymom, Sophea, Chanthy, Bopha, Sokunthea, Raksmey",
        "Vuthy, Sokha, Rithy, Samnang, Vannak, Piseth",
    ),
    "LA": _g(
        "Souphaphone, Vilayvanh, Khamla, Manivone, Latsamy, Phetsamone",
        "Somsack, Bounmy, Khampheng, Sengphet, Thongsavanh, Vilaysack",
    ),
    "MM": _g(
        "Aye Aye, Thandar, Khin Myat, Nilar, Hnin Wai, Su Su",
        "Aung, Kyaw, Htet, Zaw, Min, Thiha",
    ),
    "PH": _g(
        "Maria Cristina, Angelica, Rowena, Jocelyn, Kristine, Mary Grace",
        "Jose Miguel, Mark Anthony, Rodel, Jericho, Ramon, Paolo",
    ),
    "SG": _g(
        "Wei Ling, Hui Min, Priya, Nur Farhana, Jia Hui, Shalini",
        "Jun Wei, Kelvin, Rajesh, Muhammad Faizal, Daniel, Zhi Hao",
    ),
    "TH": _g(
        "Pornthip, Siriporn, Malee, Wanida, Chanida, Kanokwan",
        "Somchai, Niran, Anan, Kittisak, Thanawat, Prasert",
    ),
    "VN": _g(
        "Thị Lan, Thu Hà, Ngọc Anh, Thị Hương, Minh Thư, Thanh Huyền",
        "Văn Minh, Đức Anh, Quốc Bảo, Văn Hùng, Hoàng Nam, Minh Tuấn",
    ),
    "TL": _g(
        "Ana, Maria, Joana, Rosa, Filomena, Natália",
        "Mário, Jacinto, Agostinho, Francisco, Armindo, Nélio",
    ),
    # Staff of international partners who are not drawn from a member country's pool.
    "intl": _g(
        "Elena, Sophie, Anna, Clara, Ingrid, Marta, Ana Lucía",
        "Marco, Thomas, Pierre, Javier, Lars, Daniel, Tomás",
    ),
    "ru": _g(
        "Irina, Natalia, Olga, Yekaterina, Svetlana, Anna",
        "Alexei, Dmitry, Sergei, Andrei, Igor, Mikhail",
    ),
}

_FAMILY: dict[str, list[str]] = {
    "KW": _f(
        "Al-Mutairi, Al-Enezi, Al-Ajmi, Al-Rashidi, Al-Kandari, Al-Shammari, Al-Azmi, Al-Hajeri"
    ),
    "SA": _f(
        "Al-Qahtani, Al-Ghamdi, Al-Zahrani, Al-Otaibi, Al-Harbi, Al-Dosari, Al-Shehri, Al-Subaie"
    ),
    "QA": _f(
        "Al-Kuwari, Al-Marri, Al-Mannai, Al-Naimi, Al-Sulaiti, Al-Hajri, Al-Emadi, Al-Mohannadi"
    ),
    "BH": _f("Al-Mahmood, Al-Sayed, Al-Doseri, Al-Binali, Al-Jowder, Buali, Al-Mannai, Al-Aradi"),
    "AE": _f(
        "Al-Mansoori, Al-Shamsi, Al-Ketbi, Al-Dhaheri, Al-Nuaimi, Al-Suwaidi, Al-Falasi, Al-Muhairi"
    ),
    "OM": _f(
        "Al-Balushi, Al-Hinai, Al-Harthy, Al-Rawahi, Al-Saadi, Al-Kindi, Al-Maamari, Al-Habsi"
    ),
    "YE": _f(
        "Al-Ahmadi, Al-Hadrami, Al-Sanani, Al-Yafei, Al-Maqtari, Al-Hamdani, Al-Sharabi, Al-Absi"
    ),
    "JO": _f(
        "Haddad, Al-Khatib, Abu-Zeid, Al-Zoubi, Obeidat, Al-Rawashdeh, Khasawneh, Al-Tarawneh"
    ),
    "LB": _f("Khoury, Saade, Nassar, Haidar, Karam, Salameh, Farhat, Mansour, Abi Nader"),
    "SY": _f("Al-Halabi, Kabbani, Darwish, Haddad, Al-Masri, Shami, Al-Hamwi, Qassab, Jaber"),
    "PS": _f("Shaheen, Al-Tamimi, Abu-Eid, Nasser, Qasem, Odeh, Awad, Khalil, Saleh"),
    "IQ": _f(
        "Al-Jubouri, Al-Obeidi, Al-Saadi, Al-Tamimi, Al-Rubaie, Al-Dulaimi, Al-Shammari, Al-Khafaji"
    ),
    "EG": _f("Abdel-Rahman, El-Sayed, Mansour, Fahmy, Hassan, Soliman, Ibrahim, Farouk, Shawky"),
    "SD": _f("Elamin, Babiker, Osman, Hamad, Elnour, Mahgoub, Abdelgadir, Yousif"),
    "DZ": _f("Benali, Bouzid, Khelifi, Mebarki, Belkacem, Saidi, Cherif, Ferhat, Benyahia"),
    "MA": _f(
        "El Idrissi, Benjelloun, Bennani, Tazi, El Amrani, Chraibi, Berrada, Ouazzani, Lahlou"
    ),
    "TN": _f("Ben Salah, Jelassi, Gharbi, Mejri, Hammami, Ayari, Ben Amor, Dridi, Chaabane"),
    "LY": _f(
        "Al-Werfalli, Al-Obeidi, Al-Mismari, Al-Zawi, Al-Fituri, Ben Omran, Al-Tarhouni, Al-Barouni"
    ),
    "MR": _f("Cheikh, Sidi, Mohamed, Ahmed, Brahim, Abdallahi, Mahmoud, Vall"),
    "SO": _f("Warsame, Farah, Jama, Hersi, Abdi, Aden, Mohamud, Dirie, Nur"),
    "DJ": _f("Houmed, Abdallah, Dabar, Daher, Robleh, Ahmed, Farah, Omar"),
    "KM": _f("Soilihi, Houmadi, Mmadi, Msaidie, Attoumane, Mbae, Mroudjae, Said Omar"),
    "KZ": _f(
        "Nurlanov, Sarsenbayev, Zhakupov, Abenov, Tokhtarov, Ibraimov, Mukhametov, Kassymov, Zhumabekov"
    ),
    "UZ": _f("Yusupov, Rakhimov, Tursunov, Abdullayev, Nazarov, Sultanov, Ergashev, Khodjayev"),
    "TJ": _f(
        "Rahimov, Nazarov, Saidov, Sharipov, Safarov, Karimzoda, Nurzoda, Saidzoda, Davlatzoda"
    ),
    "KG": _f("Asanov, Bakirov, Toktogulov, Djumabaev, Imanaliev, Omurbekov, Sadykov, Abdrakhmanov"),
    "TM": _f("Annayev, Orazov, Charyyev, Gurbanov, Atayev, Myradov, Hojayev, Amanov"),
    "AO": _f("Kiala, Cassoma, Mateus, Chipenda, Sebastião, Muanza, Kapinga, dos Santos"),
    "MZ": _f("Macuácua, Sitoe, Cossa, Nhantumbo, Bila, Langa, Tembe, Matsinhe"),
    "CV": _f("Tavares, Fortes, Semedo, Monteiro, Lopes, Varela, Delgado, Andrade"),
    "GW": _f("Có, Djaló, Mané, Baldé, Indjai, Cassamá, Sambú, Gomes"),
    "ST": _f("Ceita, Lima, Bragança, Pinto, Menezes, Viegas, Costa, Sacramento"),
    "BF": _f("Ouédraogo, Sawadogo, Zongo, Ilboudo, Nikiéma, Zoungrana, Tapsoba, Kaboré"),
    "ML": _f("Coulibaly, Diarra, Touré, Traoré, Sangaré, Konaté, Dembélé, Maïga, Sidibé"),
    "NE": _f("Hama, Garba, Souley, Mahamane, Amadou, Issa, Oumarou, Boubacar"),
    "SN": _f("Diop, Ndiaye, Fall, Sarr, Sow, Diallo, Gueye, Mbaye, Sy"),
    "GN": _f("Diallo, Bah, Barry, Camara, Sylla, Kouyaté, Soumah, Bangoura"),
    "CI": _f("Kouassi, N'Guessan, Koné, Bamba, Kouamé, Diabaté, Tanoh, Aka"),
    "BJ": _f("Agossou, Dossou, Hounkpatin, Adjovi, Akpo, Gbaguidi, Sossou, Tossou"),
    "TG": _f("Agbodjan, Amegah, Kpodar, Akakpo, Mensah, Adjavon, Lawson, Atsu"),
    "TD": _f("Abakar, Mahamat, Haroun, Adoum, Djibrine, Ousmane, Saleh, Moussa"),
    "CM": _f("Nkoulou, Mbarga, Fotso, Tchoumi, Ngono, Essomba, Njoya, Tabi, Ekwalla"),
    "CF": _f("Ngaba, Doko, Zanga, Ndémanga, Sélézilo, Yérima, Mbaïkoua, Gbazi"),
    "CG": _f("Mabiala, Moukoko, Nkounkou, Malonga, Bouanga, Itoua, Okemba, Mboungou"),
    "CD": _f("Mukendi, Kabamba, Tshibangu, Ilunga, Mbuyi, Kasongo, Lukusa, Mwamba"),
    "GA": _f("Nguema, Mba, Ondo, Obame, Nzé, Moussavou, Mintsa, Ella"),
    "GQ": _f("Nsue, Ondo, Esono, Mangue, Ela, Mba, Eyang, Nchama"),
    "BI": _f(
        "Niyonzima, Hakizimana, Nduwimana, Niyongabo, Irakoze, Bizimana, Nshimirimana, Ndikumana"
    ),
    "RW": _f(
        "Mugisha, Uwimana, Habimana, Niyonsaba, Nsengiyumva, Ndayisaba, Hakizimana, Tuyisenge"
    ),
    "MG": _f(
        "Rakotomalala, Randriamanantena, Razafindrakoto, Andrianarisoa, Rasolofo, Ratsimbazafy, Raharison, Rakotoarisoa"
    ),
    "SC": _f("Hoareau, Payet, Morel, Pillay, Labrosse, Dubel, Savy, Esparon, Larue"),
    "MU": _f("Ramsurrun, Beeharry, Dookhun, Lafleur, Ah-Kee, Peerbocus, Gopaul, Appadoo"),
    "KE": _f("Kamau, Otieno, Mwangi, Ochieng, Kiprop, Wanyama, Mutua, Kariuki, Njoroge"),
    "TZ": _f("Mushi, Mollel, Massawe, Mrema, Kimaro, Mwakyusa, Lyimo, Shirima, Swai"),
    "UG": _f("Ssemakula, Okello, Mugisha, Nsubuga, Kato, Tumusiime, Byaruhanga, Lubega, Ocen"),
    "ET": _f("Tadesse, Bekele, Girma, Haile, Alemu, Desta, Wolde, Kebede, Assefa"),
    "ER": _f(
        "Tesfamariam, Ghebremedhin, Habte, Kidane, Berhane, Woldemichael, Andemariam, Gebreyesus"
    ),
    "SS": _f("Deng, Garang, Majok, Akol, Kuol, Lual, Chol, Gatkuoth, Malek"),
    "NG": _f("Okafor, Adeyemi, Bello, Eze, Abubakar, Okonkwo, Ogunleye, Nwosu, Usman"),
    "GH": _f("Mensah, Boateng, Owusu, Asante, Osei, Agyeman, Appiah, Ansah, Darko"),
    "GM": _f("Jallow, Ceesay, Touray, Sanneh, Njie, Jobe, Bojang, Manneh"),
    "LR": _f("Kollie, Flomo, Kpadeh, Togba, Dolo, Kamara, Jallah, Zinnah"),
    "SL": _f("Kamara, Sesay, Conteh, Bangura, Turay, Mansaray, Kargbo, Jalloh"),
    "ZA": _f(
        "Nkosi, Dlamini, Mokoena, Naidoo, Van der Merwe, Khumalo, Mthembu, Pretorius, Sithole"
    ),
    "BW": _f("Molefe, Kgosi, Mosweu, Tau, Modise, Sebele, Mothibi, Motsumi"),
    "LS": _f("Mokhothu, Mohapi, Ramakoae, Sekhonyana, Thamae, Nthako, Motsamai, Phafane"),
    "SZ": _f("Dlamini, Simelane, Mamba, Nxumalo, Shongwe, Mkhonta, Gamedze, Hlophe"),
    "NA": _f("Shikongo, Haufiku, Iipumbu, Nangolo, Shilongo, Amutenya, Nakale, Van Wyk"),
    "MW": _f("Phiri, Mwale, Chirwa, Kamwendo, Nyirenda, Mhango, Gondwe, Mkandawire"),
    "ZM": _f("Mulenga, Banda, Phiri, Zulu, Mwansa, Tembo, Bwalya, Musonda"),
    "ZW": _f("Moyo, Ncube, Sibanda, Chikwanha, Mutasa, Mpofu, Nyathi, Dube"),
    "MY": _f("Abdullah, Ismail, Rahman, Yusof, Othman, Hamzah, Ibrahim, Zakaria"),
    "BN": _f("Abdullah, Hj Ahmad, Yusof, Matusin, Bakar, Tengah, Hassan, Jaafar"),
    "ID": _f("Santoso, Wijaya, Saputra, Hidayat, Pratama, Nugroho, Kusuma, Setiawan, Siregar"),
    "KH": _f("Sok, Chan, Heng, Meas, Chea, Keo, Nhem, Pich"),
    "LA": _f(
        "Phommachanh, Sisouvong, Keomany, Vongphachanh, Inthavong, Souvannavong, Chanthavong, Sayavong"
    ),
    "MM": _f("Myint, Oo, Win, Htun, Naing, Lwin, Soe, Thein"),
    "PH": _f("Santos, Reyes, Cruz, Bautista, Dela Cruz, Villanueva, Mendoza, Garcia, Tolentino"),
    "SG": _f("Tan, Lim, Ng, Koh, Goh, Teo, Pillai, Rahman, Nair"),
    "TH": _f("Srisuk, Chaiyaporn, Wongsawat, Rattanakul, Boonmee, Sukprasert, Kaewmanee, Thongdee"),
    "VN": _f("Nguyễn, Trần, Lê, Phạm, Hoàng, Vũ, Đặng, Bùi, Đỗ"),
    "TL": _f("da Costa, Soares, Pereira, Ximenes, Amaral, Freitas, Sarmento, da Silva"),
    "intl": _f(
        "Rossi, Müller, Dubois, García, Jensen, Novak, Fischer, Moreau, Lindqvist, O'Connor"
    ),
    "ru": _f("Ivanov, Smirnov, Kuznetsov, Popov, Sokolov, Volkov, Morozov, Lebedev"),
}  # fmt: skip

# Pools whose family names take a feminine form, and pools written family name first.
_INFLECTED_SURNAMES = frozenset({"KZ", "KG", "TJ", "TM", "UZ", "ru"})
_FAMILY_NAME_FIRST = frozenset({"VN", "KH"})

# --------------------------------------------------------------------------------------------
# National agencies: generic names. code: (name, e-mail domain label, position track,
# the expertise its staff most often have)
# --------------------------------------------------------------------------------------------

_AGENCIES: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "moi_border": ("Ministry of Interior — Border Security Department", "interior", "border",
                   ("integrated-border-management", "risk-management", "foreign-terrorist-fighters")),
    "border_guard": ("Border Guard Service", "border-guard", "border",
                     ("green-border-surveillance", "drones-surveillance", "risk-management")),
    "border_police": ("Border Police Directorate", "border-police", "border",
                      ("green-border-surveillance", "risk-management", "small-arms-light-weapons")),
    "state_border": ("State Border Service", "border-service", "border",
                     ("integrated-border-management", "green-border-surveillance", "drones-surveillance")),
    "gendarmerie": ("National Gendarmerie — Border Surveillance Brigade", "gendarmerie", "border",
                    ("green-border-surveillance", "small-arms-light-weapons", "border-communities")),
    "passports": ("General Directorate of Passports and Immigration", "passports", "immigration",
                  ("document-security", "biometrics", "api-pnr")),
    "immigration": ("Department of Immigration", "immigration", "immigration",
                    ("document-security", "biometrics", "trafficking-smuggling")),
    "immigration_service": ("Immigration Service", "immigration", "immigration",
                            ("document-security", "biometrics", "api-pnr")),
    "migration": ("State Migration Service", "migration", "immigration",
                  ("document-security", "trafficking-smuggling", "human-rights-safeguards")),
    "customs": ("Customs Administration", "customs", "customs",
                ("customs-cooperation", "small-arms-light-weapons", "cbrn-materials")),
    "customs_gd": ("General Directorate of Customs", "customs", "customs",
                   ("customs-cooperation", "cbrn-materials", "risk-management")),
    "revenue": ("Revenue Authority — Customs Services Department", "revenue", "customs",
                ("customs-cooperation", "terrorist-financing", "small-arms-light-weapons")),
    "coast_guard": ("Coast Guard Command", "coastguard", "maritime",
                    ("maritime-borders", "drones-surveillance", "trafficking-smuggling")),
    "maritime": ("Maritime Security Agency", "maritime", "maritime",
                 ("maritime-borders", "customs-cooperation", "trafficking-smuggling")),
    "ct_centre": ("National Counter-Terrorism Centre", "nctc", "ct",
                  ("foreign-terrorist-fighters", "watchlists-interpol", "terrorist-financing")),
    "police_ncb": ("National Police — INTERPOL National Central Bureau", "police", "ct",
                   ("watchlists-interpol", "foreign-terrorist-fighters", "document-security")),
    "fiu": ("Financial Intelligence Unit", "fiu", "fiu",
            ("terrorist-financing", "cyber-crypto", "ai-data-analytics")),
    "aviation": ("Civil Aviation Authority — Aviation Security Directorate", "aviation", "aviation",
                 ("api-pnr", "biometrics", "risk-management")),
}  # fmt: skip
_AGENCY_BY_NAME = {spec[0]: spec for spec in _AGENCIES.values()}

# --------------------------------------------------------------------------------------------
# Countries: cc: (English name, capital's time zone, languages, area used in bios,
#                 agency codes, given-name pool; the family-name pool is the country's own)
# --------------------------------------------------------------------------------------------

_COUNTRIES: dict[str, tuple[str, str, str, str, str, str]] = {
    # League of Arab States
    "DZ": ("Algeria", "Africa/Algiers", "ar fr", "the Maghreb", "border_police customs_gd gendarmerie", "maghreb"),
    "BH": ("Bahrain", "Asia/Bahrain", "ar en", "the Gulf", "moi_border passports customs coast_guard", "gulf"),
    "KM": ("Comoros", "Indian/Comoro", "ar fr", "the western Indian Ocean", "immigration customs coast_guard", "comoros"),
    "DJ": ("Djibouti", "Africa/Djibouti", "fr ar so", "the Horn of Africa", "border_police customs coast_guard", "djibouti"),
    "EG": ("Egypt", "Africa/Cairo", "ar en", "the Nile Valley and the Red Sea", "passports customs_gd moi_border", "egypt"),
    "IQ": ("Iraq", "Asia/Baghdad", "ar ku en", "the Levant and the Gulf", "moi_border passports customs_gd ct_centre", "iraq"),
    "JO": ("Jordan", "Asia/Amman", "ar en", "the Levant", "passports customs moi_border fiu", "levant"),
    "KW": ("Kuwait", "Asia/Kuwait", "ar en", "the Gulf", "moi_border passports customs coast_guard", "gulf"),
    "LB": ("Lebanon", "Asia/Beirut", "ar fr en", "the Levant", "passports customs_gd border_police", "levant"),
    "LY": ("Libya", "Africa/Tripoli", "ar en", "North Africa and the Sahel", "passports customs coast_guard border_guard", "maghreb"),
    "MR": ("Mauritania", "Africa/Nouakchott", "ar fr", "the Sahel", "gendarmerie border_police customs", "mauritania"),
    "MA": ("Morocco", "Africa/Casablanca", "ar fr", "the Maghreb", "border_police customs ct_centre", "maghreb"),
    "OM": ("Oman", "Asia/Muscat", "ar en", "the Gulf", "moi_border passports customs coast_guard", "gulf"),
    "PS": ("Palestine", "Asia/Hebron", "ar en", "the Levant", "passports customs border_police", "levant"),
    "QA": ("Qatar", "Asia/Qatar", "ar en", "the Gulf", "moi_border passports customs_gd aviation", "gulf"),
    "SA": ("Saudi Arabia", "Asia/Riyadh", "ar en", "the Gulf and the Red Sea", "passports customs_gd border_guard fiu", "gulf"),
    "SO": ("Somalia", "Africa/Mogadishu", "so ar en", "the Horn of Africa", "immigration customs coast_guard ct_centre", "somali"),
    "SD": ("Sudan", "Africa/Khartoum", "ar en", "the Nile Valley and the Sahel", "passports customs_gd border_police", "sudan"),
    "SY": ("Syria", "Asia/Damascus", "ar", "the Levant", "passports customs_gd border_police", "levant"),
    "TN": ("Tunisia", "Africa/Tunis", "ar fr", "the Maghreb", "border_police customs_gd gendarmerie ct_centre", "maghreb"),
    "AE": ("United Arab Emirates", "Asia/Dubai", "ar en", "the Gulf", "passports customs_gd aviation fiu", "gulf"),
    "YE": ("Yemen", "Asia/Aden", "ar", "the Arabian Peninsula and the Red Sea", "passports customs coast_guard", "yemen"),
    # Central Asia
    "KZ": ("Kazakhstan", "Asia/Almaty", "kk ru", "Central Asia and the Caspian", "border_guard customs_gd migration fiu", "KZ"),
    "KG": ("Kyrgyzstan", "Asia/Bishkek", "ky ru", "Central Asia and the Fergana Valley", "border_guard customs migration", "KG"),
    "TJ": ("Tajikistan", "Asia/Dushanbe", "tg ru", "Central Asia", "border_guard customs migration ct_centre", "TJ"),
    "TM": ("Turkmenistan", "Asia/Ashgabat", "tk ru", "Central Asia and the Caspian", "state_border customs_gd migration", "TM"),
    "UZ": ("Uzbekistan", "Asia/Tashkent", "uz ru", "Central Asia", "border_guard customs migration", "UZ"),
    # Africa (countries also in the League are above)
    "AO": ("Angola", "Africa/Luanda", "pt", "Southern and Central Africa", "immigration customs border_police", "AO"),
    "BJ": ("Benin", "Africa/Porto-Novo", "fr yo", "the Gulf of Guinea", "border_police customs_gd immigration", "BJ"),
    "BW": ("Botswana", "Africa/Gaborone", "en tn", "Southern Africa", "immigration revenue police_ncb", "BW"),
    "BF": ("Burkina Faso", "Africa/Ouagadougou", "fr", "the Sahel", "gendarmerie customs border_police ct_centre", "BF"),
    "BI": ("Burundi", "Africa/Bujumbura", "rn fr en", "the Great Lakes region", "border_police immigration revenue", "BI"),
    "CV": ("Cabo Verde", "Atlantic/Cape_Verde", "pt", "the Atlantic", "border_police customs maritime", "CV"),
    "CM": ("Cameroon", "Africa/Douala", "fr en", "Central Africa and the Lake Chad Basin", "border_police customs gendarmerie", "CM"),
    "CF": ("Central African Republic", "Africa/Bangui", "fr sg", "Central Africa", "gendarmerie customs immigration", "CF"),
    "TD": ("Chad", "Africa/Ndjamena", "fr ar", "the Sahel and the Lake Chad Basin", "gendarmerie customs border_police ct_centre", "TD"),
    "CG": ("Congo", "Africa/Brazzaville", "fr ln", "Central Africa", "border_police customs gendarmerie", "CG"),
    "CD": ("Democratic Republic of the Congo", "Africa/Kinshasa", "fr ln sw", "the Great Lakes region", "immigration customs border_police", "CD"),
    "CI": ("Côte d'Ivoire", "Africa/Abidjan", "fr", "coastal West Africa", "border_police customs gendarmerie ct_centre", "CI"),
    "GQ": ("Equatorial Guinea", "Africa/Malabo", "es fr pt", "the Gulf of Guinea", "border_police customs coast_guard", "GQ"),
    "ER": ("Eritrea", "Africa/Asmara", "ti ar en", "the Horn of Africa and the Red Sea", "immigration customs border_police", "ER"),
    "SZ": ("Eswatini", "Africa/Mbabane", "en ss", "Southern Africa", "immigration revenue police_ncb", "SZ"),
    "ET": ("Ethiopia", "Africa/Addis_Ababa", "am en", "the Horn of Africa", "immigration revenue border_police fiu", "ET"),
    "GA": ("Gabon", "Africa/Libreville", "fr", "the Gulf of Guinea", "border_police customs coast_guard", "GA"),
    "GM": ("Gambia", "Africa/Banjul", "en wo", "West Africa", "immigration revenue police_ncb", "GM"),
    "GH": ("Ghana", "Africa/Accra", "en", "coastal West Africa", "immigration_service revenue police_ncb maritime", "GH"),
    "GN": ("Guinea", "Africa/Conakry", "fr", "West Africa", "border_police customs gendarmerie", "GN"),
    "GW": ("Guinea-Bissau", "Africa/Bissau", "pt", "West Africa", "border_police customs maritime", "GW"),
    "KE": ("Kenya", "Africa/Nairobi", "sw en", "East Africa", "immigration revenue police_ncb ct_centre", "KE"),
    "LS": ("Lesotho", "Africa/Maseru", "st en", "Southern Africa", "immigration revenue police_ncb", "LS"),
    "LR": ("Liberia", "Africa/Monrovia", "en", "the Mano River region", "immigration revenue coast_guard", "LR"),
    "MG": ("Madagascar", "Indian/Antananarivo", "mg fr", "the western Indian Ocean", "border_police customs maritime", "MG"),
    "MW": ("Malawi", "Africa/Blantyre", "en ny", "Southern Africa", "immigration revenue police_ncb", "MW"),
    "ML": ("Mali", "Africa/Bamako", "fr bm", "the Sahel", "gendarmerie customs border_police ct_centre", "ML"),
    "MU": ("Mauritius", "Indian/Mauritius", "en fr", "the Indian Ocean", "immigration_service revenue coast_guard fiu", "MU"),
    "MZ": ("Mozambique", "Africa/Maputo", "pt", "Southern Africa and the Mozambique Channel", "immigration customs maritime", "MZ"),
    "NA": ("Namibia", "Africa/Windhoek", "en af", "Southern Africa", "immigration revenue police_ncb", "NA"),
    "NE": ("Niger", "Africa/Niamey", "fr ha", "the Sahel", "gendarmerie customs border_police", "NE"),
    "NG": ("Nigeria", "Africa/Lagos", "en ha yo ig", "West Africa and the Lake Chad Basin", "immigration_service customs police_ncb fiu", "NG"),
    "RW": ("Rwanda", "Africa/Kigali", "rw fr en sw", "the Great Lakes region", "immigration revenue police_ncb", "RW"),
    "ST": ("São Tomé and Príncipe", "Africa/Sao_Tome", "pt", "the Gulf of Guinea", "border_police customs maritime", "ST"),
    "SN": ("Senegal", "Africa/Dakar", "fr wo", "West Africa", "border_police customs gendarmerie", "SN"),
    "SC": ("Seychelles", "Indian/Mahe", "en fr", "the Indian Ocean", "immigration revenue coast_guard", "SC"),
    "SL": ("Sierra Leone", "Africa/Freetown", "en", "the Mano River region", "immigration revenue police_ncb", "SL"),
    "ZA": ("South Africa", "Africa/Johannesburg", "en af zu xh", "Southern Africa", "immigration revenue police_ncb aviation", "ZA"),
    "SS": ("South Sudan", "Africa/Juba", "en ar", "East Africa", "immigration customs border_police", "SS"),
    "TZ": ("Tanzania", "Africa/Dar_es_Salaam", "sw en", "East Africa and the Indian Ocean", "immigration revenue police_ncb maritime", "TZ"),
    "TG": ("Togo", "Africa/Lome", "fr", "the Gulf of Guinea", "border_police customs gendarmerie", "TG"),
    "UG": ("Uganda", "Africa/Kampala", "en sw", "East Africa and the Great Lakes", "immigration revenue police_ncb ct_centre", "UG"),
    "ZM": ("Zambia", "Africa/Lusaka", "en", "Southern Africa", "immigration revenue police_ncb", "ZM"),
    "ZW": ("Zimbabwe", "Africa/Harare", "en sn", "Southern Africa", "immigration revenue police_ncb", "ZW"),
    # ASEAN
    "BN": ("Brunei Darussalam", "Asia/Brunei", "ms en", "Borneo and the South China Sea", "immigration customs police_ncb", "malay"),
    "KH": ("Cambodia", "Asia/Phnom_Penh", "km en", "the Mekong subregion", "immigration customs police_ncb", "KH"),
    "ID": ("Indonesia", "Asia/Jakarta", "id en", "the Indonesian archipelago", "immigration customs_gd maritime ct_centre", "ID"),
    "LA": ("Lao PDR", "Asia/Vientiane", "lo en", "the Mekong subregion", "immigration customs police_ncb", "LA"),
    "MY": ("Malaysia", "Asia/Kuala_Lumpur", "ms en", "the Strait of Malacca", "immigration customs maritime fiu", "malay"),
    "MM": ("Myanmar", "Asia/Yangon", "my en", "the Mekong subregion", "immigration customs police_ncb", "MM"),
    "PH": ("Philippines", "Asia/Manila", "fil en", "the Sulu and Celebes Seas", "immigration customs coast_guard ct_centre", "PH"),
    "SG": ("Singapore", "Asia/Singapore", "en ms zh ta", "the Strait of Malacca", "immigration customs police_ncb aviation", "SG"),
    "TH": ("Thailand", "Asia/Bangkok", "th en", "the Mekong subregion", "immigration customs police_ncb maritime", "TH"),
    "VN": ("Viet Nam", "Asia/Ho_Chi_Minh", "vi en", "the Mekong subregion and the South China Sea", "border_guard immigration customs_gd", "VN"),
    "TL": ("Timor-Leste", "Asia/Dili", "tet pt", "the Timor Sea", "immigration customs border_police", "TL"),
}  # fmt: skip


def _build_country_info() -> dict[str, dict[str, Any]]:
    info: dict[str, dict[str, Any]] = {}
    for cc, (name, tz, langs, area, agencies, given_pool) in _COUNTRIES.items():
        info[cc] = {
            "name": name,
            "timezone": tz,
            "languages": langs.split(),
            "agencies": [_AGENCIES[code][0] for code in agencies.split()],
            "given_names": list(_GIVEN[given_pool]),
            "family_names": list(_FAMILY[cc]),
            "area": area,
        }
    return info


COUNTRY_INFO: dict[str, dict[str, Any]] = _build_country_info()
"""ISO 3166-1 alpha-2 code to: name (English), timezone (IANA, the capital's), languages,
agencies (generic English names), given_names [(name, gender)], family_names, area."""

# International calling codes, for every country above and the partners' headquarters.
CALLING_CODES: dict[str, str] = {
    "DZ": "213", "BH": "973", "KM": "269", "DJ": "253", "EG": "20", "IQ": "964", "JO": "962",
    "KW": "965", "LB": "961", "LY": "218", "MR": "222", "MA": "212", "OM": "968", "PS": "970",
    "QA": "974", "SA": "966", "SO": "252", "SD": "249", "SY": "963", "TN": "216", "AE": "971",
    "YE": "967", "KZ": "7", "KG": "996", "TJ": "992", "TM": "993", "UZ": "998", "AO": "244",
    "BJ": "229", "BW": "267", "BF": "226", "BI": "257", "CV": "238", "CM": "237", "CF": "236",
    "TD": "235", "CG": "242", "CD": "243", "CI": "225", "GQ": "240", "ER": "291", "SZ": "268",
    "ET": "251", "GA": "241", "GM": "220", "GH": "233", "GN": "224", "GW": "245", "KE": "254",
    "LS": "266", "LR": "231", "MG": "261", "MW": "265", "ML": "223", "MU": "230", "MZ": "258",
    "NA": "264", "NE": "227", "NG": "234", "RW": "250", "ST": "239", "SN": "221", "SC": "248",
    "SL": "232", "ZA": "27", "SS": "211", "TZ": "255", "TG": "228", "UG": "256", "ZM": "260",
    "ZW": "263", "BN": "673", "KH": "855", "ID": "62", "LA": "856", "MY": "60", "MM": "95",
    "PH": "63", "SG": "65", "TH": "66", "VN": "84", "TL": "670",
    "US": "1", "CA": "1", "AT": "43", "CH": "41", "FR": "33", "BE": "32", "RU": "7",
}  # fmt: skip

# Length of the national number where it is not nine digits.
_NUMBER_LENGTH: dict[str, int] = {
    "KW": 8, "QA": 8, "BH": 8, "OM": 8, "SG": 8, "BN": 7, "MU": 8, "SC": 7, "CV": 7, "ST": 7,
    "GM": 7, "KM": 7, "DJ": 8, "LS": 8, "SZ": 8, "BW": 8, "TL": 8, "NG": 10, "ID": 10, "EG": 10,
    "PH": 10, "US": 10, "CA": 10, "KZ": 10, "RU": 10, "VN": 9, "BF": 8, "ML": 8, "NE": 8,
    "TD": 8, "TG": 8, "BJ": 10, "CI": 10, "GW": 9, "LB": 8, "BI": 8, "SL": 8, "LR": 9,
}  # fmt: skip

# --------------------------------------------------------------------------------------------
# Partners: the organizations named in regions.json, the League's Secretariat, and invented
# civil society organizations.
# key, acronym, full name, org_type, HQ country, HQ time zone, e-mail domain, languages,
# regions they mostly work with (for bios), name pools of their staff ("*" = any member
# country), favoured expertise, relative weight in the demo.
# --------------------------------------------------------------------------------------------

_IP, _RO, _CS = "international_partner", "regional_organization", "civil_society"
_ANY = ("*", "*", "intl")

_PARTNERS: list[tuple[Any, ...]] = [
    ("UNOCT", "UNOCT", "United Nations Office of Counter-Terrorism", _IP, "US", "America/New_York", "unoct", "en fr ar ru",
     ("the Arab region", "Central Asia", "Africa", "Southeast Asia"), _ANY,
     ("api-pnr", "biometrics", "foreign-terrorist-fighters", "integrated-border-management", "human-rights-safeguards"), 6),
    ("UNCCT", "UNCCT", "United Nations Counter-Terrorism Centre", _IP, "US", "America/New_York", "uncct", "en fr ar",
     ("the Arab region", "Central Asia", "Africa", "Southeast Asia"), _ANY,
     ("api-pnr", "biometrics", "cbrn-materials", "gender-mainstreaming"), 3),
    ("CTED", "CTED", "Counter-Terrorism Committee Executive Directorate", _IP, "US", "America/New_York", "cted", "en fr",
     ("the Arab region", "Africa", "Central Asia"), _ANY,
     ("foreign-terrorist-fighters", "human-rights-safeguards", "terrorist-financing"), 2),
    ("UNODC", "UNODC", "United Nations Office on Drugs and Crime", _IP, "AT", "Europe/Vienna", "unodc", "en fr ru ar",
     ("Central Asia", "Africa", "Southeast Asia", "the Sahel"), _ANY,
     ("trafficking-smuggling", "customs-cooperation", "small-arms-light-weapons", "maritime-borders", "terrorist-financing"), 4),
    ("ICAO", "ICAO", "International Civil Aviation Organization", _IP, "CA", "America/Toronto", "icao", "en fr ar ru es",
     ("Africa", "Southeast Asia", "the Arab region"), _ANY,
     ("document-security", "api-pnr", "biometrics"), 2),
    ("IOM", "IOM", "International Organization for Migration", _IP, "CH", "Europe/Zurich", "iom", "en fr es ar",
     ("Africa", "the Arab region", "Southeast Asia", "Central Asia"), _ANY,
     ("integrated-border-management", "trafficking-smuggling", "border-communities", "document-security", "human-rights-safeguards"), 4),
    ("INTERPOL", "INTERPOL", "International Criminal Police Organization", _IP, "FR", "Europe/Paris", "interpol", "en fr ar es",
     ("Africa", "the Arab region", "Southeast Asia", "Central Asia"), _ANY,
     ("watchlists-interpol", "foreign-terrorist-fighters", "small-arms-light-weapons", "cbrn-materials"), 3),
    ("OICT", "OICT", "United Nations Office of Information and Communications Technology", _IP, "US", "America/New_York", "oict", "en fr",
     ("the Arab region", "Africa", "Southeast Asia"), _ANY,
     ("ai-data-analytics", "cyber-crypto", "api-pnr"), 1),
    ("UNRCCA", "UNRCCA", "United Nations Regional Centre for Preventive Diplomacy for Central Asia", _IP, "TM", "Asia/Ashgabat", "unrcca", "en ru",
     ("Central Asia",), ("TM", "KZ", "KG", "TJ", "UZ", "intl"),
     ("integrated-border-management", "border-communities", "foreign-terrorist-fighters"), 1),
    ("OSCE", "OSCE", "Organization for Security and Co-operation in Europe", _IP, "AT", "Europe/Vienna", "osce", "en ru",
     ("Central Asia",), ("intl", "intl", "KZ", "TJ", "KG"),
     ("integrated-border-management", "gender-mainstreaming", "human-rights-safeguards", "document-security"), 2),
    ("EU", "EU", "European Union", _IP, "BE", "Europe/Brussels", "eu", "en fr",
     ("Central Asia", "Africa", "the Arab region"), ("intl",),
     ("integrated-border-management", "human-rights-safeguards", "risk-management"), 2),
    ("African Union", "AU", "African Union Commission", _RO, "ET", "Africa/Addis_Ababa", "african-union", "en fr ar pt",
     ("Africa", "the Sahel", "the Horn of Africa"), ("ET", "KE", "NG", "SN", "ZA", "CM", "DZ", "EG"),
     ("integrated-border-management", "border-communities", "small-arms-light-weapons"), 2),
    ("ASEANAPOL", "ASEANAPOL", "ASEAN National Police", _RO, "MY", "Asia/Kuala_Lumpur", "aseanapol", "en",
     ("Southeast Asia",), ("MY", "ID", "TH", "PH", "SG", "VN", "BN", "KH", "LA", "MM", "TL"),
     ("trafficking-smuggling", "watchlists-interpol", "cyber-crypto"), 1),
    ("GCC", "GCC", "Cooperation Council for the Arab States of the Gulf", _RO, "SA", "Asia/Riyadh", "gcc", "ar en",
     ("the Gulf",), ("SA", "KW", "QA", "BH", "AE", "OM"),
     ("api-pnr", "customs-cooperation", "terrorist-financing"), 1),
    ("CIS ATC", "CIS ATC", "Anti-Terrorism Center of the Commonwealth of Independent States", _RO, "RU", "Europe/Moscow", "cis-atc", "ru en",
     ("Central Asia",), ("ru", "ru", "KZ", "KG", "TJ", "UZ"),
     ("foreign-terrorist-fighters", "watchlists-interpol", "cyber-crypto"), 1),
    ("SCO RATS", "SCO RATS", "Regional Anti-Terrorist Structure of the Shanghai Cooperation Organisation", _RO, "UZ", "Asia/Tashkent", "sco-rats", "ru en",
     ("Central Asia",), ("UZ", "KZ", "KG", "TJ", "ru"),
     ("foreign-terrorist-fighters", "watchlists-interpol", "cyber-crypto"), 1),
    ("LAS", "LAS", "League of Arab States Secretariat", _RO, "EG", "Africa/Cairo", "las", "ar en fr",
     ("the Arab region",), ("EG", "JO", "SA", "MA", "TN", "IQ", "LB", "KW"),
     ("foreign-terrorist-fighters", "integrated-border-management", "terrorist-financing"), 2),
    # Civil society (invented)
    ("SBCN", "SBCN", "Sahel Border Communities Network", _CS, "NE", "Africa/Niamey", "sahel-border-communities", "fr ha en",
     ("the Sahel",), ("NE", "ML", "BF", "TD", "MR"),
     ("border-communities", "human-rights-safeguards", "small-arms-light-weapons"), 2),
    ("WBMN", "WBMN", "Women in Border Management Network", _CS, "KE", "Africa/Nairobi", "women-in-border-management", "en fr sw",
     ("Africa", "the Arab region"), ("KE", "UG", "TZ", "ET", "GH", "NG", "JO", "TN"),
     ("gender-mainstreaming", "human-rights-safeguards", "trafficking-smuggling"), 2),
    ("CAFRB", "CAFRB", "Central Asian Forum for Rights at Borders", _CS, "KG", "Asia/Bishkek", "ca-rights-borders", "ru en ky",
     ("Central Asia",), ("KG", "KZ", "TJ", "UZ", "TM"),
     ("human-rights-safeguards", "border-communities", "gender-mainstreaming"), 1),
    ("SEABGI", "SEABGI", "Southeast Asia Border Governance Institute", _CS, "PH", "Asia/Manila", "sea-border-governance", "en",
     ("Southeast Asia",), ("PH", "ID", "TH", "MY", "KH", "VN"),
     ("trafficking-smuggling", "border-communities", "ai-data-analytics"), 1),
]  # fmt: skip


def _build_partner_orgs() -> list[dict[str, Any]]:
    orgs = []
    for key, acronym, name, org_type, cc, tz, domain, langs, *_ in _PARTNERS:
        orgs.append(
            {
                "key": key,
                "acronym": acronym,
                "name": name,
                # The string members' profiles carry as their organization.
                "organization": name if org_type == _CS else f"{name} ({acronym})",
                "org_type": org_type,
                "country": cc,
                "timezone": tz,
                "domain": f"{domain}.example",
                "languages": langs.split(),
            }
        )
    return orgs


PARTNER_ORGS: list[dict[str, Any]] = _build_partner_orgs()
"""Partner organizations: key (as spelled in regions.json "partners", or an acronym),
acronym, name, organization (display string used on profiles), org_type, country (HQ),
timezone (HQ), domain, languages."""

# --------------------------------------------------------------------------------------------
# Positions. National ones by track: "any" or the agency's track.
# --------------------------------------------------------------------------------------------

_NATIONAL_POSITIONS: dict[str, list[str]] = {
    "any": [
        "Director of International Cooperation",
        "Deputy Director, Strategic Planning",
        "Head of Training and Capacity Building",
        "Gender Focal Point",
        "Human Rights Adviser",
        "Legal Adviser",
        "Senior Analyst, Risk Analysis Unit",
        "Data Analyst, Information Management Unit",
        "International Liaison Officer",
        "Head of Information Technology",
    ],
    "border": [
        "Border Police Colonel, Risk Analysis Division",
        "Border Guard Major, Operations Department",
        "Commander, Land Border Crossing Point",
        "Head of Border Surveillance Section",
        "Senior Instructor, Border Academy",
        "Head of Drone Operations Unit",
        "Deputy Commander, Regional Border Directorate",
    ],
    "immigration": [
        "Senior Document Examiner",
        "Head of Passenger Information Unit",
        "Immigration Officer",
        "Chief Immigration Inspector",
        "Head of Biometric Enrolment",
        "Airport Immigration Shift Supervisor",
        "Head of Forensic Document Laboratory",
    ],
    "customs": [
        "Customs Officer, Enforcement Division",
        "Head of Customs Intelligence",
        "Senior Customs Inspector",
        "Head of Strategic Trade Controls",
        "Customs Risk Targeting Officer",
        "Deputy Director, Anti-Smuggling Unit",
    ],
    "maritime": [
        "Coast Guard Lieutenant Commander",
        "Head of Maritime Operations Centre",
        "Port Security Officer",
        "Maritime Domain Awareness Analyst",
    ],
    "ct": [
        "Counter-Terrorism Analyst",
        "Head of Watchlist Management",
        "Head of Foreign Terrorist Fighters Desk",
        "INTERPOL Liaison Officer",
        "Senior Investigator, Counter-Terrorism Unit",
    ],
    "fiu": [
        "Financial Investigator",
        "Head of Terrorist Financing Analysis",
        "Crypto-Asset Analyst",
        "Cross-Border Cash Declarations Officer",
    ],
    "aviation": [
        "Aviation Security Inspector",
        "Head of Passenger Data Programme",
        "Airport Security Risk Manager",
    ],
}

_PARTNER_POSITIONS: list[str] = [
    "Programme Management Officer",
    "Senior Programme Officer",
    "Associate Programme Officer",
    "Border Security and Management Expert",
    "Programme Coordinator, Border Security and Management",
    "Head of Regional Office",
    "Associate Expert",
    "Monitoring and Evaluation Officer",
    "Human Rights Officer",
    "Gender Adviser",
    "Senior Legal Officer",
    "Technical Expert, Passenger Data",
    "Information Systems Officer",
    "Political Affairs Officer",
    "Police Adviser",
    "Capacity Building Specialist",
]

_CIVIL_SOCIETY_POSITIONS: list[str] = [
    "Programme Coordinator",
    "Research Fellow",
    "Executive Director",
    "Community Outreach Officer",
    "Advocacy Officer",
    "Senior Researcher, Border Governance",
]

POSITIONS: list[str] = list(
    dict.fromkeys(
        [p for titles in _NATIONAL_POSITIONS.values() for p in titles]
        + _PARTNER_POSITIONS
        + _CIVIL_SOCIETY_POSITIONS
    )
)

# A title that names a subject implies that expertise.
_POSITION_EXPERTISE: tuple[tuple[str, str], ...] = (
    ("Gender", "gender-mainstreaming"),
    ("Human Rights", "human-rights-safeguards"),
    ("Drone", "drones-surveillance"),
    ("Passenger", "api-pnr"),
    ("Document", "document-security"),
    ("Biometric", "biometrics"),
    ("Crypto", "cyber-crypto"),
    ("Watchlist", "watchlists-interpol"),
    ("INTERPOL", "watchlists-interpol"),
    ("Foreign Terrorist", "foreign-terrorist-fighters"),
    ("Maritime", "maritime-borders"),
    ("Coast Guard", "maritime-borders"),
    ("Port Security", "maritime-borders"),
    ("Data Analyst", "ai-data-analytics"),
    ("Risk", "risk-management"),
    ("Strategic Trade", "cbrn-materials"),
    ("Anti-Smuggling", "trafficking-smuggling"),
    ("Terrorist Financing", "terrorist-financing"),
    ("Cash Declarations", "terrorist-financing"),
    ("Border Surveillance", "green-border-surveillance"),
    ("Monitoring and Evaluation", "ai-data-analytics"),
    ("Community", "border-communities"),
)

# --------------------------------------------------------------------------------------------
# Bios: an opener, usually a focus sentence, sometimes a closing line.
# --------------------------------------------------------------------------------------------

_NATIONAL_OPENERS = (
    "I serve as {position} at the {org} in {country}.",
    "{years} years in border management; currently {position} with the {org}.",
    "Border official from {country}, working with the {org}.",
    "I joined the {org} in {joined} and now serve as {position}.",
    "{position}, {org}, {country}.",
    "I head a team at the {org} covering {area}.",
    "Officer of the {org} in {country}, posted as {position}.",
)
_PARTNER_OPENERS = (
    "{position} at the {org}, supporting Member States in {target} on **{e1}**.",
    "I work for {acronym} on {e1}, mostly with partners in {target}.",
    "Based at {acronym} headquarters, I support national agencies in {target}.",
    "{years} years with {acronym}; before that I served in my national {prev}.",
    "{position} with {acronym}, focusing on {target}.",
)
_CIVIL_SOCIETY_OPENERS = (
    "{position} at the {org}, working with communities in {area}.",
    "I research {e1} and {e2} for the {org}.",
    "Civil society voice on *{e1}*: I work with the {org} across {target}.",
    "{position}, {org}.",
)
_FOCUS = (
    "My day-to-day work covers **{e1}** and {e2}.",
    "Most of my time goes into {e1} and {e2} in {area}.",
    "Our team is piloting new approaches to {e1}, with {e2} built in from the start.",
    "I coordinate inter-agency work on {e1} and {e2}.",
    "Current focus: *{e1}* at airports and land crossings, and {e2}.",
    "We recently trained frontline officers in {e1}; {e2} is next on our list.",
    "I work on **{e1}**, especially where it meets {e2}.",
    "Much of my work is about {e1}, and increasingly about {e2}.",
)
_PARTNER_FOCUS = (
    "Our programme helps border agencies put {e1} into practice, with {e2} as a cross-cutting priority.",
    "I help design workshops and technical exchanges on {e1} and {e2}.",
    "Recently I have been supporting {e2} assessments with national counterparts.",
    "My portfolio: **{e1}**, {e2} and the legal frameworks around them.",
)
_CIVIL_SOCIETY_FOCUS = (
    "We document how border communities experience {e2} and bring that back to policymakers.",
    "Our work brings women and youth voices into discussions on **{e1}**.",
    "We run community dialogues near crossing points on {e1} and {e2}.",
)
_CLOSINGS = (
    "Interested in exchanging good practices with counterparts from {other}.",
    "I work in {langs}.",
    "Keen to learn how others keep {e1} consistent with human rights obligations.",
    "Always glad to connect with fellow trainers and analysts across regions.",
    "I can contribute case studies to the good practices repository.",
    "Glad to help with interpretation between {langs} in workshops.",
)
_NATIONAL_CLOSINGS = (
    *_CLOSINGS,
    "Happy to share our standard operating procedures with colleagues in {other}.",
    "Looking for peers who have tackled {e2} at busy crossing points.",
    "Ask me about information exchange with our neighbouring countries.",
)
_PARTNER_CLOSINGS = (
    *_CLOSINGS,
    "Write to me if your agency is planning training on {e2}.",
    "Happy to connect national experts with peers in {other}.",
)
# Countries whose English short name takes "the" in running text.
_NAME_WITH_THE = frozenset({"AE", "CD", "CF", "CG", "GM", "KM", "LA", "PH"})

_REGION_LABELS = {
    "LAS": "the Arab region",
    "CENTRAL_ASIA": "Central Asia",
    "AFRICA": "Africa",
    "ASEAN": "Southeast Asia",
}
_LANGUAGE_NAMES = {
    "ar": "Arabic", "en": "English", "fr": "French", "ru": "Russian", "pt": "Portuguese",
    "es": "Spanish", "de": "German", "kk": "Kazakh", "ky": "Kyrgyz", "tg": "Tajik", "tk": "Turkmen",
    "uz": "Uzbek", "id": "Indonesian", "ms": "Malay", "th": "Thai", "vi": "Vietnamese",
    "km": "Khmer", "lo": "Lao", "my": "Burmese", "fil": "Filipino", "tet": "Tetum",
    "zh": "Chinese", "ta": "Tamil", "sw": "Swahili", "am": "Amharic", "ti": "Tigrinya",
    "ha": "Hausa", "yo": "Yoruba", "ig": "Igbo", "so": "Somali", "wo": "Wolof", "bm": "Bambara",
    "ln": "Lingala", "sg": "Sango", "rn": "Kirundi", "rw": "Kinyarwanda", "mg": "Malagasy",
    "af": "Afrikaans", "zu": "Zulu", "xh": "Xhosa", "st": "Sesotho", "tn": "Setswana",
    "ss": "Siswati", "ny": "Chichewa", "sn": "Shona", "ku": "Kurdish",
}  # fmt: skip
_GENERAL_TOPICS = (
    "inter-agency coordination",
    "regional cooperation",
    "training for frontline officers",
)
_PREVIOUS_SERVICES = (
    "border police",
    "customs service",
    "immigration service",
    "coast guard",
    "ministry of interior",
)

# --------------------------------------------------------------------------------------------
# Fixed demo accounts
# --------------------------------------------------------------------------------------------

DEMO_PASSWORD = "border-demo-2024"

DEMO_ACCOUNTS: list[dict[str, Any]] = [
    {
        "role": "admin",
        "name": "Leila Haddad",
        "email": "admin@demo.example",
        "password": DEMO_PASSWORD,
        "position": "Programme Management Officer, Border Security and Management",
        "organization": "United Nations Office of Counter-Terrorism (UNOCT)",
        "org_type": "international_partner",
        "country": "US",
        "languages": ["en", "ar", "fr"],
        "expertise": [
            "integrated-border-management",
            "api-pnr",
            "human-rights-safeguards",
            "gender-mainstreaming",
        ],
        "timezone": "America/New_York",
        "gender": "female",
        "bio": (
            "I coordinate UNOCT's border security and management programme and look after this "
            "workspace. My focus is **API/PNR** and biometrics with *human rights safeguards* "
            "built in; write to me about anything that does not work."
        ),
        "phone": "+1 212 555 0142",
    },
    {
        "role": "moderator",
        "name": "Omar Al-Khatib",
        "email": "moderator@demo.example",
        "password": DEMO_PASSWORD,
        "position": "Counter-Terrorism Coordinator",
        "organization": "League of Arab States Secretariat (LAS)",
        "org_type": "regional_organization",
        "country": "EG",
        "languages": ["ar", "en", "fr"],
        "expertise": [
            "foreign-terrorist-fighters",
            "integrated-border-management",
            "terrorist-financing",
        ],
        "timezone": "Africa/Cairo",
        "gender": "male",
        "bio": (
            "I follow up the Kuwait Declaration for the League of Arab States Secretariat in "
            "Cairo and moderate the expert group. Ask me about membership requests and about "
            "**foreign terrorist fighters** and cross-border financing in the Arab region."
        ),
        "phone": "+20 2 2575 0142",
    },
    {
        "role": "organizer",
        "name": "Aigerim Sarsenbayeva",
        "email": "organizer@demo.example",
        "password": DEMO_PASSWORD,
        "position": "Senior Instructor, Border Academy",
        "organization": "Border Guard Service",
        "org_type": "national_agency",
        "country": "KZ",
        "languages": ["kk", "ru", "en"],
        "expertise": [
            "green-border-surveillance",
            "risk-management",
            "drones-surveillance",
            "gender-mainstreaming",
        ],
        "timezone": "Asia/Almaty",
        "gender": "female",
        "bio": (
            "I train border guards in Kazakhstan on **risk analysis** and green border "
            "surveillance, including drones. I organize the workshops for Central Asia and "
            "welcome trainers from other regions; sessions in Russian, Kazakh and English."
        ),
        "phone": "+7 7172 55 01 42",
    },
    {
        "role": "member",
        "name": "Fahad Al-Mutairi",
        "email": "member@demo.example",
        "password": DEMO_PASSWORD,
        "position": "Head of Passenger Information Unit",
        "organization": "Ministry of Interior — Border Security Department",
        "org_type": "national_agency",
        "country": "KW",
        "languages": ["ar", "en"],
        "expertise": ["api-pnr", "risk-management", "ai-data-analytics"],
        "timezone": "Asia/Kuwait",
        "gender": "male",
        "bio": (
            "I lead Kuwait's passenger information unit: we analyse **API and PNR** data for "
            "all flights into the country. Interested in risk targeting rules and in how "
            "others handle data protection."
        ),
        "phone": "+965 2255 0142",
    },
    {
        "role": "member",
        "name": "Putri Handayani",
        "email": "member2@demo.example",
        "password": DEMO_PASSWORD,
        "position": "Head of Biometric Enrolment",
        "organization": "Department of Immigration",
        "org_type": "national_agency",
        "country": "ID",
        "languages": ["id", "en"],
        "expertise": ["biometrics", "document-security", "trafficking-smuggling"],
        "timezone": "Asia/Jakarta",
        "gender": "female",
        "bio": (
            "Immigration officer in Jakarta working on **biometric enrolment** at airports and "
            "seaports. I also train colleagues to spot fraudulent documents used by migrant "
            "smugglers."
        ),
        "phone": "+62 21 5550 0142",
    },
    {
        "role": "applicant",
        "name": "Emeka Nwosu",
        "email": "applicant@demo.example",
        "password": DEMO_PASSWORD,
        "position": "Senior Customs Inspector",
        "organization": "Customs Administration",
        "org_type": "national_agency",
        "country": "NG",
        "languages": ["en", "ig"],
        "expertise": ["customs-cooperation", "small-arms-light-weapons", "risk-management"],
        "timezone": "Africa/Lagos",
        "gender": "male",
        "bio": (
            "Customs inspector at a land border post in Nigeria. I work on detecting "
            "**small arms and light weapons** in cargo and would like to join the exchanges "
            "on customs cooperation."
        ),
        "phone": "+234 803 555 0142",
    },
]

# --------------------------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------------------------

# Share of each source in the generated directory, per block of 20 members.
_BLOCK = ("LAS",) * 7 + ("CENTRAL_ASIA",) * 3 + ("AFRICA",) * 5 + ("ASEAN",) * 3 + ("PARTNER",) * 2
_FIRST = ("LAS", "CENTRAL_ASIA", "AFRICA", "ASEAN", "PARTNER")
_ASCII_FIXES = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae"})


@cache
def _load_regions(path: Path = REGIONS_FILE) -> dict[str, list[str]]:
    regions = json.loads(path.read_text(encoding="utf-8"))["regions"]
    return {code: list(region["countries"]) for code, region in regions.items()}


@cache
def _ascii_slug(text: str) -> str:
    """Lower-case ASCII for an e-mail local part: accents dropped, spaces become hyphens."""
    text = unicodedata.normalize("NFKD", text.translate(_ASCII_FIXES))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    out = []
    for c in text:
        if c.isascii() and c.isalnum():
            out.append(c)
        elif c in " -" and out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def _expertise_phrase(slug: str) -> str:
    name = _EXPERTISE_NAMES[slug]
    return name if name[:2].isupper() else name[0].lower() + name[1:]


def _family_form(pool: str, family: str, gender: str) -> str:
    if pool in _INFLECTED_SURNAMES and gender == "female" and family.endswith(("ov", "ev", "in")):
        return family + "a"
    if pool == "MR":
        return ("Mint " if gender == "female" else "Ould ") + family
    return family


def _pick(rng: random.Random, seq: Sequence[_T]) -> _T:
    """``rng.choice`` without its overhead (the generator makes a dozen picks per member)."""
    return seq[int(rng.random() * len(seq))]


def _person_name(rng: random.Random, pool: str, gender: str) -> tuple[str, str, str]:
    """(display name, given, family) from a pool, matching the name to the gender."""
    given_pool = _GIVEN[_COUNTRIES[pool][5]] if pool in _COUNTRIES else _GIVEN[pool]
    while True:
        given, name_gender = given_pool[int(rng.random() * len(given_pool))]
        if name_gender == gender:
            break
    family = _family_form(pool, _pick(rng, _FAMILY[pool]), gender)
    display = f"{family} {given}" if pool in _FAMILY_NAME_FIRST else f"{given} {family}"
    return display, given, family


def _phone(rng: random.Random, country: str) -> str:
    length = _NUMBER_LENGTH.get(country, 9)
    digits = str(rng.randrange(2 * 10 ** (length - 1), 10**length))
    if length <= 7:
        groups = (digits[:3], digits[3:])
    elif length == 8:
        groups = (digits[:4], digits[4:])
    else:
        groups = (digits[:3], digits[3:6], digits[6:])
    return f"+{CALLING_CODES[country]} " + " ".join(groups)


@cache
def _implied_expertise(position: str) -> tuple[str, ...]:
    return tuple(slug for key, slug in _POSITION_EXPERTISE if key in position)[:1]


def _pick_expertise(rng: random.Random, favoured: tuple[str, ...], position: str) -> list[str]:
    chosen = list(_implied_expertise(position))
    target = _pick(rng, (2, 2, 3, 3, 3, 4))
    if len(chosen) < target:
        first = _pick(rng, favoured)
        if first not in chosen:
            chosen.append(first)
    pool = favoured + favoured + tuple(_EXPERTISE_NAMES)
    while len(chosen) < target:
        slug = _pick(rng, pool)
        if slug not in chosen:
            chosen.append(slug)
    return chosen


def _member_languages(rng: random.Random, official: list[str], extra: list[str]) -> list[str]:
    langs = [official[0]]
    if len(official) > 1 and rng.random() < 0.8:
        langs.append(official[1])
    has_working = any(lang in _WORKING_LANGUAGES for lang in langs)
    if "en" not in langs and rng.random() < (0.55 if has_working else 0.85):
        langs.append("en")
    for lang in extra:
        if len(langs) >= 3:
            break
        if lang not in langs and rng.random() < 0.25:
            langs.append(lang)
    return langs[:3]


def _country_in_text(country: str) -> str:
    if country not in COUNTRY_INFO:
        return ""
    name = COUNTRY_INFO[country]["name"]
    return f"the {name}" if country in _NAME_WITH_THE else name


def _join_languages(codes: list[str]) -> str:
    names = [_LANGUAGE_NAMES.get(c, c) for c in codes]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _bio(
    rng: random.Random,
    openers: tuple[str, ...],
    focus: tuple[str, ...],
    closings: tuple[str, ...],
    values: dict[str, str],
) -> str:
    opener = _pick(rng, openers)
    sentences = [opener.format(**values)]
    if "{e1}" in opener:
        # The opener named the main expertise; the next sentences move on to the others.
        values = {**values, "e1": values["e2"], "e2": values["e3"]}
    if rng.random() < 0.85:
        sentences.append(_pick(rng, focus).format(**values))
    if rng.random() < 0.55:
        if " and " not in values["langs"]:
            closings = tuple(c for c in closings if "interpretation" not in c)
        sentences.append(_pick(rng, closings).format(**values))
    return " ".join(sentences)


def demo_members(count: int, seed: int = 2024, *, regions_file: Path | None = None) -> list[dict]:
    """``count`` deterministic demo members (same seed, same members).

    Roughly 35% LAS, 15% Central Asia, 25% Africa, 15% ASEAN and 10% partner and civil
    society staff; the first five members already cover every region and the partners.
    E-mail addresses are unique, lower-case ASCII under ``.example``.
    """
    rng = random.Random(seed)
    regions = _load_regions(regions_file or REGIONS_FILE)
    las = set(regions.get("LAS", ()))
    buckets = {
        "LAS": [c for c in regions.get("LAS", ()) if c in COUNTRY_INFO],
        "CENTRAL_ASIA": [c for c in regions.get("CENTRAL_ASIA", ()) if c in COUNTRY_INFO],
        # Countries in both the League and Africa are drawn with the League.
        "AFRICA": [c for c in regions.get("AFRICA", ()) if c in COUNTRY_INFO and c not in las],
        "ASEAN": [c for c in regions.get("ASEAN", ()) if c in COUNTRY_INFO],
    }
    partner_weights = [p[-1] for p in _PARTNERS]
    all_countries = list(COUNTRY_INFO)
    used_emails: set[str] = set()
    members: list[dict] = []

    sources: list[str] = []
    while len(sources) < count:
        block = list(_BLOCK)
        rng.shuffle(block)
        if not sources:
            first = list(_FIRST)
            rng.shuffle(first)
            for source in first:
                block.remove(source)
            block = first + block
        sources.extend(block)

    for source in sources[:count]:
        r = rng.random()
        gender: str | None = None if r < 0.15 else ("female" if r < 0.15 + 0.85 * 0.4 else "male")
        name_gender = gender or ("female" if rng.random() < 0.4 else "male")

        if source == "PARTNER":
            partner = rng.choices(_PARTNERS, weights=partner_weights)[0]
            (_, acronym, org_name, org_type, country, tz, domain, org_langs, targets, staff,
             favoured, _) = partner  # fmt: skip
            pool = _pick(rng, staff)
            if pool == "*":
                pool = _pick(rng, all_countries)
            name, given, family = _person_name(rng, pool, name_gender)
            positions = _CIVIL_SOCIETY_POSITIONS if org_type == _CS else _PARTNER_POSITIONS
            position = _pick(rng, positions)
            nationality_langs = COUNTRY_INFO[pool]["languages"] if pool in COUNTRY_INFO else []
            working = [lang for lang in nationality_langs if lang in _WORKING_LANGUAGES]
            langs = ["en"] if "en" in org_langs.split() else [org_langs.split()[0]]
            for lang in working + org_langs.split():
                if len(langs) >= 3 or rng.random() < 0.5:
                    continue
                if lang not in langs:
                    langs.append(lang)
            expertise = _pick_expertise(rng, favoured, position)
            organization = org_name if org_type == _CS else f"{org_name} ({acronym})"
            target = _pick(rng, targets)
            own_region = None
            area = (
                COUNTRY_INFO[country]["area"]
                if org_type == _CS and country in COUNTRY_INFO
                else target
            )
            email_domain = f"{domain}.example"
            if org_type == _CS:
                openers, focus = _CIVIL_SOCIETY_OPENERS, _CIVIL_SOCIETY_FOCUS
            else:
                openers, focus = _PARTNER_OPENERS, _PARTNER_FOCUS
            closings = _PARTNER_CLOSINGS
        else:
            country = _pick(rng, buckets[source])
            info = COUNTRY_INFO[country]
            name, given, family = _person_name(rng, country, name_gender)
            organization = _pick(rng, info["agencies"])
            _, label, track, favoured = _AGENCY_BY_NAME[organization]
            track_positions = _NATIONAL_POSITIONS[track]
            position = _pick(
                rng, track_positions if rng.random() < 0.7 else _NATIONAL_POSITIONS["any"]
            )
            org_type = "national_agency"
            tz = info["timezone"]
            langs = _member_languages(rng, info["languages"], info["languages"][2:])
            expertise = _pick_expertise(rng, favoured, position)
            acronym = organization
            target = _REGION_LABELS[source]
            own_region = source
            area = info["area"]
            email_domain = f"{label}.{country.lower()}.example"
            openers, focus, closings = _NATIONAL_OPENERS, _FOCUS, _NATIONAL_CLOSINGS

        local = f"{_ascii_slug(given)}.{_ascii_slug(family)}"
        email = f"{local}@{email_domain}"
        suffix = 1
        while email in used_emails:
            suffix += 1
            email = f"{local}{suffix}@{email_domain}"
        used_emails.add(email)

        others = [label for code, label in _REGION_LABELS.items() if code != own_region]
        bio = _bio(
            rng,
            openers,
            focus,
            closings,
            {
                "position": position,
                "org": organization,
                "acronym": acronym,
                "country": _country_in_text(country),
                "area": area,
                "target": target,
                "other": _pick(rng, others),
                "e1": _expertise_phrase(expertise[0]),
                "e2": _expertise_phrase(expertise[1]),
                "e3": (
                    _expertise_phrase(expertise[2])
                    if len(expertise) > 2
                    else _pick(rng, _GENERAL_TOPICS)
                ),
                "years": str(4 + int(rng.random() * 25)),
                "joined": str(2000 + int(rng.random() * 23)),
                "prev": _pick(rng, _PREVIOUS_SERVICES),
                "langs": _join_languages(langs),
            },
        )

        members.append(
            {
                "name": name,
                "email": email,
                "position": position,
                "organization": organization,
                "org_type": org_type,
                "country": country,
                "languages": langs,
                "expertise": expertise,
                "timezone": tz,
                "gender": gender,
                "bio": bio,
                "phone": _phone(rng, country),
            }
        )
    return members

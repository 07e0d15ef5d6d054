#!/usr/bin/env python3
"""Generate the sample news pages in samples/html/ and their expected extraction.

The articles are fictional reports written for rasd's tests (real place and actor names,
invented incidents). Five site templates exercise the extractor: JSON-LD NewsArticle,
OpenGraph/article:published_time meta, <time> elements, Arabic bylines with Levantine,
Egyptian/Gulf and Maghrebi month names, a windows-1256 page, dates only in the URL,
navigation, cookie banners, "related" blocks, share bars and comments.

Run from the repository root:  python3 crates/extract/tools/make_samples.py
The expected JSON is the ground truth written here, not extractor output.
"""
import html
import json
import os

OUT = "samples/html"

# ---------------------------------------------------------------- the articles
ARTICLES = [
    # Incident 1: IED against a joint patrol on the M4 near Ariha (2023-03-14, Tuesday)
    dict(
        name="shamal-m4-patrol-ied", tpl="shamal",
        url="https://shamal-news.example/news/2023/03/14/m4-joint-patrol-ied",
        title="انفجار عبوة ناسفة بدورية روسية تركية مشتركة على طريق M4 قرب أريحا",
        published="2023-03-14T09:40:00+03:00", evidence="json-ld",
        author="سامر الحلبي", section="سوريا",
        paras=[
            "انفجرت عبوة ناسفة صباح اليوم الثلاثاء بدورية روسية تركية مشتركة على الطريق الدولي حلب اللاذقية المعروف بطريق M4 قرب مدينة أريحا جنوبي إدلب.",
            "وقالت مصادر محلية إن الانفجار وقع عند مدخل بلدة محمبل أثناء مرور الدورية، ما أدى إلى إصابة جنديين روسيين بجروح وإعطاب عربة مصفحة.",
            "وأضافت المصادر أن الدورية أنهت مسارها بشكل مبكر وعادت إلى نقطة انطلاقها في بلدة ترنبة غربي سراقب، بينما حلقت طائرات استطلاع في أجواء المنطقة.",
            "ولم تتبن أي جهة التفجير حتى ساعة إعداد هذا الخبر، في حين نفت هيئة تحرير الشام أي علاقة لها بالحادثة.",
        ],
        links=[("https://shamal-news.example/tag/m4", "طريق M4")],
        related=[("تسيير الدورية المشتركة الخامسة والعشرين على طريق M4", "/news/2023/03/01/patrol-25"),
                 ("مقتل مدني بقصف مدفعي على ريف إدلب الجنوبي", "/news/2023/03/12/shelling-idlib")],
    ),
    dict(
        name="furat-m4-patrol-ied", tpl="furat",
        url="https://furatpost.example/syria/12873",
        title="إصابة جنديين روسيين باستهداف دورية مشتركة غربي سراقب",
        published="2023-03-15T07:10:00+02:00", evidence="meta:article:published_time",
        author="ريم العلي", section="أخبار محلية",
        paras=[
            "أصيب جنديان روسيان أمس الثلاثاء جراء انفجار عبوة ناسفة استهدفت دورية روسية تركية مشتركة على طريق M4 بالقرب من مدينة أريحا في ريف إدلب.",
            "وأفاد مراسل فرات بوست بأن العبوة كانت مزروعة على جانب الطريق قرب بلدة محمبل، وانفجرت لحظة مرور العربة الثانية في الرتل.",
            "وتعد هذه الحادثة الثالثة من نوعها منذ مطلع العام، إذ تعرضت الدوريات المشتركة لعدة هجمات مماثلة على الطريق ذاته.",
        ],
        links=[("https://furatpost.example/syria/12001", "هجمات مماثلة")],
        related=[("قصف صاروخي يطال مدينة سراقب", "/syria/12870"), ("اتفاق جديد حول الطريق الدولي", "/syria/12850")],
    ),
    # Incident 2: shelling on Saraqib, same day as incident 1, nearby (windows-1256 page)
    dict(
        name="dijla-saraqib-shelling", tpl="dijla",
        url="https://sada-dijla.example/article.php?id=5521",
        title="مقتل ثلاثة مدنيين بقصف مدفعي على مدينة سراقب",
        published="2023-03-14", evidence="byline", byline_date="الثلاثاء 14 آذار 2023",
        author="مهند الراوي", section="عربي ودولي",
        paras=[
            "قتل ثلاثة مدنيين، بينهم طفل، وأصيب خمسة آخرون بجروح، مساء اليوم الثلاثاء، جراء قصف مدفعي لقوات النظام السوري استهدف الأحياء السكنية في مدينة سراقب شرقي إدلب.",
            "وذكرت فرق الدفاع المدني أن القذائف سقطت قرب سوق الخضار وسط المدينة، وأن فرقها نقلت المصابين إلى مستشفى قريب.",
            "ويأتي القصف بعد ساعات من استهداف دورية مشتركة على طريق M4 قرب أريحا، في تصعيد تشهده المنطقة منذ أيام.",
        ],
        links=[],
        related=[("تظاهرة في درعا البلد للمطالبة بالإفراج عن المعتقلين", "article.php?id=5500")],
    ),
    # Incident 3: car bomb in Afrin market (2022-11-08), two outlets
    dict(
        name="shamal-afrin-car-bomb", tpl="shamal",
        url="https://shamal-news.example/news/2022/11/08/afrin-car-bomb",
        title="قتلى وجرحى بانفجار سيارة مفخخة في سوق مدينة عفرين",
        published="2022-11-08T13:25:00+03:00", evidence="json-ld",
        author="سامر الحلبي", section="سوريا",
        paras=[
            "قتل ستة أشخاص وأصيب أكثر من عشرين آخرين بجروح متفاوتة، ظهر اليوم الثلاثاء، إثر انفجار سيارة مفخخة في سوق شعبي وسط مدينة عفرين شمالي حلب.",
            "وقال الدفاع المدني إن فرقه انتشلت الضحايا من تحت أنقاض عدد من المحال التجارية التي دمرها الانفجار، مرجحاً ارتفاع عدد القتلى بسبب خطورة بعض الإصابات.",
            "واتهمت فصائل الجيش الوطني السوري قوات سوريا الديمقراطية بالوقوف وراء التفجير، فيما لم يصدر أي تعليق من الأخيرة.",
            "وتشهد مدن ريف حلب الشمالي تفجيرات متكررة بسيارات ودراجات مفخخة تستهدف الأسواق والحواجز العسكرية.",
        ],
        links=[("https://shamal-news.example/tag/afrin", "عفرين")],
        related=[("دراجة مفخخة تنفجر قرب حاجز في مدينة الباب", "/news/2022/11/08/al-bab-bike")],
    ),
    dict(
        name="maghreb-afrin-car-bomb", tpl="maghreb",
        url="https://akhbar-maghreb.example/2022/11/08/syrie-afrin-explosion/",
        title="سوريا: ستة قتلى في تفجير سيارة مفخخة بعفرين",
        published="2022-11-08", evidence="byline", byline_date="08 نوفمبر 2022",
        author="وكالات", section="العالم",
        paras=[
            "لقي ستة أشخاص حتفهم وجرح عشرون آخرون في انفجار سيارة مفخخة استهدف سوقاً مكتظاً في مدينة عفرين الخاضعة لسيطرة فصائل المعارضة السورية الموالية لأنقرة.",
            "وأوضحت مصادر طبية أن بين الجرحى نساء وأطفالاً، وأن عدداً منهم نقل إلى مستشفيات في تركيا لتلقي العلاج.",
            "وتتبادل القوات الكردية والفصائل الموالية لتركيا الاتهامات بالمسؤولية عن مثل هذه الهجمات في المنطقة.",
        ],
        links=[],
        related=[("ليبيا: توقيع اتفاق لتبادل المحتجزين في طرابلس", "/2023/01/18/libye-accord/")],
    ),
    # Incident 4: motorbike bomb in al-Bab, same day as incident 3, nearby
    dict(
        name="furat-al-bab-bike-bomb", tpl="furat",
        url="https://furatpost.example/syria/11502",
        title="جرحى بانفجار دراجة نارية مفخخة قرب حاجز في مدينة الباب",
        published="2022-11-08T18:45:00+02:00", evidence="meta:article:published_time",
        author="أحمد الخطيب", section="أخبار محلية",
        paras=[
            "أصيب أربعة عناصر من الشرطة العسكرية بجروح مساء الثلاثاء، جراء انفجار دراجة نارية مفخخة قرب حاجز عند المدخل الشرقي لمدينة الباب بريف حلب الشرقي.",
            "وقالت مصادر محلية إن الانفجار وقع بعد ساعات من تفجير عفرين، ما دفع الشرطة إلى إغلاق مداخل المدينة وتشديد التفتيش.",
            "ولم تعلن أي جهة مسؤوليتها عن التفجير حتى الآن.",
        ],
        links=[("https://furatpost.example/syria/11490", "تفجير عفرين")],
        related=[("قوات سوريا الديمقراطية تعتقل شباناً في ريف دير الزور", "/syria/11480")],
    ),
    # Incident 5: clashes SDF vs SNA near Ain Issa (table template, slash date)
    dict(
        name="raqib-ain-issa-clashes", tpl="raqib",
        url="http://www.raqib-sy.example/news.asp?id=3391",
        title="اشتباكات بين قسد والجيش الوطني على محور عين عيسى",
        published="2023-01-17", evidence="byline", byline_date="2023/01/17",
        author="المكتب الإعلامي", section="ميداني",
        paras=[
            "اندلعت اشتباكات عنيفة فجر اليوم بين قوات سوريا الديمقراطية وفصائل الجيش الوطني السوري على محور قرية صيدا قرب بلدة عين عيسى شمالي الرقة.",
            "وأسفرت المواجهات عن مقتل عنصرين من الجيش الوطني وإصابة ثلاثة من مقاتلي قسد، بحسب مصادر ميدانية من الطرفين.",
            "وترافقت الاشتباكات مع قصف مدفعي متبادل طال القرى المحيطة، ما دفع عشرات العائلات إلى النزوح نحو مدينة الرقة.",
        ],
        links=[],
        related=[],
    ),
    # Incident 6: protest in Daraa (windows-1256 template)
    dict(
        name="dijla-daraa-protest", tpl="dijla",
        url="https://sada-dijla.example/article.php?id=5500",
        title="تظاهرة في درعا البلد للمطالبة بالإفراج عن المعتقلين",
        published="2023-03-10", evidence="byline", byline_date="الجمعة 10 آذار 2023",
        author="ليلى حسن", section="عربي ودولي",
        paras=[
            "خرج مئات الأشخاص اليوم الجمعة في تظاهرة سلمية بحي درعا البلد، طالبوا خلالها بالإفراج عن المعتقلين في سجون النظام السوري.",
            "ورفع المحتجون لافتات تندد بالاعتقالات الأخيرة في ريف درعا الغربي، وهتفوا بشعارات تدعو إلى إخراج الميليشيات من المنطقة.",
            "وانتهت التظاهرة من دون تسجيل أي صدامات مع الأجهزة الأمنية، بحسب ناشطين محليين.",
        ],
        links=[],
        related=[("مقتل ثلاثة مدنيين بقصف مدفعي على مدينة سراقب", "article.php?id=5521")],
    ),
    # Incident 7: air strikes near Jisr al-Shughur (JSON-LD)
    dict(
        name="shamal-jisr-airstrikes", tpl="shamal",
        url="https://shamal-news.example/news/2023/01/18/jisr-shughur-airstrikes",
        title="غارات روسية تستهدف ريف جسر الشغور الغربي",
        published="2023-01-18T11:05:00+03:00", evidence="json-ld",
        author="نور الدين الشامي", section="سوريا",
        paras=[
            "شنت طائرات حربية روسية فجر اليوم الأربعاء خمس غارات جوية على قرى ريف جسر الشغور الغربي، ما أدى إلى مقتل مدنيين اثنين وإصابة أربعة آخرين.",
            "وقال مرصد محلي لتتبع حركة الطيران إن الغارات استهدفت أطراف قريتي الغسانية واليعقوبية بصواريخ شديدة الانفجار.",
            "وتأتي الغارات بعد يوم من قصف مدفعي مكثف طال محيط معرة النعمان وكفرنبل، وسط تحليق مستمر لطائرات الاستطلاع.",
        ],
        links=[],
        related=[("انفجار عبوة ناسفة بدورية روسية تركية مشتركة على طريق M4 قرب أريحا", "/news/2023/03/14/m4-joint-patrol-ied")],
    ),
    # Incident 8: Libya agreement, Maghrebi month name (جانفي)
    dict(
        name="maghreb-libya-agreement", tpl="maghreb",
        url="https://akhbar-maghreb.example/2023/01/18/libye-accord/",
        title="ليبيا: توقيع اتفاق لتبادل المحتجزين في طرابلس",
        published="2023-01-18", evidence="byline", byline_date="18 جانفي 2023",
        author="خديجة بن عمر", section="المغرب العربي",
        paras=[
            "وقع ممثلون عن طرفي النزاع في ليبيا اليوم الأربعاء بالعاصمة طرابلس اتفاقاً لتبادل المحتجزين برعاية بعثة الأمم المتحدة.",
            "وينص الاتفاق على الإفراج عن خمسين محتجزاً من كل طرف خلال أسبوعين، وتشكيل لجنة مشتركة لمتابعة ملف المفقودين.",
            "ورحبت أطراف محلية ودولية بالخطوة، واعتبرتها دعماً لاتفاق وقف إطلاق النار الموقع في جنيف.",
        ],
        links=[("https://akhbar-maghreb.example/tag/libye/", "ليبيا")],
        related=[("سوريا: ستة قتلى في تفجير سيارة مفخخة بعفرين", "/2022/11/08/syrie-afrin-explosion/")],
    ),
    # Incident 9: SDF arrest campaign in Deir ez-Zor (<time> only, no meta date)
    dict(
        name="furat-deir-ezzor-arrests", tpl="furat", furat_no_meta=True,
        url="https://furatpost.example/syria/11480",
        title="قوات سوريا الديمقراطية تعتقل شباناً في ريف دير الزور الشرقي",
        published="2022-11-07T16:30:00+03:00", evidence="time",
        author="ريم العلي", section="أخبار محلية",
        paras=[
            "شنت قوات سوريا الديمقراطية حملة دهم واعتقال في بلدتي ذيبان والحوايج بريف دير الزور الشرقي، اعتقلت خلالها اثني عشر شاباً.",
            "وقال ناشطون إن الحملة جاءت بعد هجوم استهدف نقطة عسكرية لقسد قبل يومين، وإن المعتقلين نقلوا إلى سجن في مدينة الحسكة.",
            "ويشكو سكان المنطقة من تكرار حملات الاعتقال التي تطال مدنيين بتهمة التعامل مع خلايا تنظيم الدولة.",
        ],
        links=[],
        related=[("جرحى بانفجار دراجة نارية مفخخة قرب حاجز في مدينة الباب", "/syria/11502")],
    ),
    # Incident 10: Yemen, drone attack near Marib (table template)
    dict(
        name="raqib-marib-drone", tpl="raqib",
        url="http://www.raqib-sy.example/news.asp?id=3402",
        title="هجوم بطائرة مسيرة على موقع عسكري غربي مأرب",
        published="2023-02-20", evidence="byline", byline_date="2023/02/20",
        author="المكتب الإعلامي", section="اليمن",
        paras=[
            "استهدفت جماعة الحوثيين بطائرة مسيرة مفخخة موقعاً لقوات الحكومة اليمنية في مديرية صرواح غربي محافظة مأرب، صباح اليوم الإثنين.",
            "وأفاد مصدر عسكري بمقتل جندي وإصابة اثنين آخرين، مشيراً إلى أن الدفاعات الجوية أسقطت طائرة ثانية قبل وصولها إلى هدفها.",
        ],
        links=[],
        related=[],
    ),
    # Incident 11: Iraq, IED in Diyala (windows-1256 template)
    dict(
        name="dijla-diyala-ied", tpl="dijla",
        url="https://sada-dijla.example/article.php?id=5530",
        title="مقتل جنديين بانفجار عبوة ناسفة شمال شرقي بعقوبة",
        published="2023-03-15", evidence="byline", byline_date="الأربعاء 15 آذار 2023",
        author="مهند الراوي", section="محليات",
        paras=[
            "قتل جنديان من الجيش العراقي وأصيب ثالث، فجر اليوم الأربعاء، بانفجار عبوة ناسفة استهدفت عربتهم أثناء تنفيذ دورية في قضاء المقدادية شمال شرقي بعقوبة بمحافظة ديالى.",
            "وقالت خلية الإعلام الأمني إن قوة مشتركة باشرت عملية تفتيش في البساتين المحيطة بحثاً عن منفذي الهجوم.",
            "وتنشط خلايا تنظيم الدولة في المناطق الزراعية الوعرة بين ديالى وصلاح الدين.",
        ],
        links=[],
        related=[],
    ),
    # Incident 12: shelling on Maarat al-Numan, date only in the URL
    dict(
        name="maghreb-maarat-shelling", tpl="maghreb", maghreb_no_byline=True,
        url="https://akhbar-maghreb.example/2023/05/06/syrie-maarat-bombardement/",
        title="سوريا: قصف متبادل على جبهات معرة النعمان",
        published="2023-05-06", evidence="url",
        author=None, section="العالم",
        paras=[
            "تبادلت قوات النظام السوري وهيئة تحرير الشام القصف المدفعي على محاور ريف معرة النعمان الشرقي، أمس الجمعة، دون ورود أنباء عن إصابات.",
            "وأكدت مصادر محلية أن القذائف سقطت على أراض زراعية مفتوحة، بينما حلقت طائرات استطلاع فوق المنطقة لساعات.",
        ],
        links=[],
        related=[],
    ),
    # Incident 1, third outlet (table template)
    dict(
        name="raqib-m4-patrol-ied", tpl="raqib",
        url="http://www.raqib-sy.example/news.asp?id=3455",
        title="استهداف دورية مشتركة على طريق حلب اللاذقية",
        published="2023-03-14", evidence="byline", byline_date="2023/03/14",
        author="المكتب الإعلامي", section="ميداني",
        paras=[
            "تعرضت دورية روسية تركية مشتركة صباح اليوم لانفجار عبوة ناسفة على الطريق الدولي M4 قرب أريحا، ما أسفر عن جرح جنديين من القوات الروسية.",
            "وانسحبت الدورية باتجاه سراقب عقب الانفجار، فيما استنفرت الفصائل العسكرية في محيط المنطقة.",
        ],
        links=[],
        related=[],
    ),
]

# ---------------------------------------------------------------- templates
E = html.escape


def body_paras(a, tag="p"):
    out = []
    links = list(a["links"])
    for i, p in enumerate(a["paras"]):
        text = E(p)
        # put the i-th body link around its anchor text when it occurs in the paragraph
        for (href, anchor) in links:
            if anchor in p:
                text = text.replace(E(anchor), f'<a href="{E(href)}">{E(anchor)}</a>', 1)
                links.remove((href, anchor))
                break
        out.append(f"<{tag}>{text}</{tag}>")
    # links whose anchor text was not found: append to the last paragraph (kept in body)
    return out, links


def tpl_shamal(a):
    site = "شبكة الشمال الإخبارية"
    paras, rest = body_paras(a)
    assert not rest, a["name"]
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": a["title"], "datePublished": a["published"],
        "dateModified": a["published"].replace(":00+03:00", ":30+03:00"),
        "author": {"@type": "Person", "name": a["author"]},
        "publisher": {"@type": "Organization", "name": site},
        "mainEntityOfPage": a["url"], "articleSection": a["section"],
    }
    related = "\n".join(f'        <li><a href="{E(h)}">{E(t)}</a></li>' for t, h in a["related"])
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{E(a["title"])} | {site}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="canonical" href="{E(a["url"])}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{E(a["title"])} | {site}">
<meta property="og:url" content="{E(a["url"])}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>.cookie-banner{{position:fixed;bottom:0}} body{{font-family:sans-serif}}</style>
</head>
<body>
<div id="cookie-consent" class="cookie-banner">
  <p>نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك على موقعنا. باستمرارك في التصفح فإنك توافق على ذلك.</p>
  <button>موافق</button>
</div>
<header class="site-header">
  <a class="logo" href="/">{site}</a>
  <nav class="main-menu">
    <ul>
      <li><a href="/">الرئيسية</a></li><li><a href="/syria">سوريا</a></li><li><a href="/iraq">العراق</a></li>
      <li><a href="/world">العالم</a></li><li><a href="/reports">تقارير</a></li><li><a href="/video">فيديو</a></li>
    </ul>
  </nav>
  <div class="breaking-ticker"><span>عاجل:</span> <a href="/news/latest">تابعوا آخر التطورات الميدانية لحظة بلحظة</a></div>
</header>
<main>
  <div class="breadcrumb"><a href="/">الرئيسية</a> » <a href="/syria">{E(a["section"])}</a></div>
  <article class="post">
    <h1 class="post-title">{E(a["title"])}</h1>
    <div class="post-meta"><span class="author-name">{E(a["author"])}</span> · <span class="post-date">منذ ساعتين</span></div>
    <div class="share-bar">
      <span>شارك:</span> <a href="https://www.facebook.com/sharer.php?u={E(a["url"])}">فيسبوك</a>
      <a href="https://twitter.com/intent/tweet?url={E(a["url"])}">تويتر</a> <a href="whatsapp://send?text={E(a["url"])}">واتساب</a>
    </div>
    <div class="post-content entry-content">
      {(chr(10) + "      ").join(paras[:2])}
      <div class="read-also">
        <strong>اقرأ أيضاً:</strong>
        <ul>
{related}
        </ul>
      </div>
      {(chr(10) + "      ").join(paras[2:])}
    </div>
    <div class="post-tags">الوسوم: <a href="/tag/idlib">إدلب</a> <a href="/tag/syria">سوريا</a></div>
  </article>
  <section class="comments" id="comments">
    <h3>التعليقات (2)</h3>
    <div class="comment"><span class="comment-author">أبو محمد</span><p>نسأل الله السلامة لأهلنا في الشمال السوري، الوضع صعب جداً.</p></div>
    <div class="comment"><span class="comment-author">زائر</span><p>متى سيتوقف هذا التصعيد؟ الناس تعبت من الحرب.</p></div>
    <form class="comment-form"><textarea placeholder="أضف تعليقك"></textarea><button>إرسال</button></form>
  </section>
</main>
<aside class="sidebar">
  <h3>الأكثر قراءة</h3>
  <ol><li><a href="/news/1">أسعار الذهب في الأسواق المحلية اليوم</a></li><li><a href="/news/2">حالة الطقس: منخفض جوي يضرب المنطقة</a></li></ol>
</aside>
<footer class="site-footer">
  <p>جميع الحقوق محفوظة © 2023 {site}</p>
  <a href="/about">من نحن</a> | <a href="/contact">اتصل بنا</a> | <a href="/privacy">سياسة الخصوصية</a>
</footer>
</body>
</html>
"""


def tpl_furat(a):
    site = "فرات بوست"
    paras, rest = body_paras(a)
    assert not rest, a["name"]
    meta_date = "" if a.get("furat_no_meta") else f'\n<meta property="article:published_time" content="{a["published"]}">'
    related = "\n".join(f'    <div class="related-item"><a href="{E(h)}"><img src="/img/t.jpg" alt=""><span>{E(t)}</span></a></div>' for t, h in a["related"])
    return f"""<!doctype html>
<html dir="rtl" lang="ar">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{E(a["title"])} - {site}</title>
<meta property="og:title" content="{E(a["title"])}">
<meta property="og:site_name" content="{site}">
<meta property="og:url" content="{E(a["url"])}">{meta_date}
<meta property="article:section" content="{E(a["section"])}">
<meta name="author" content="{E(a["author"])}">
</head>
<body class="single-post">
<div class="topbar"><a href="/ar">العربية</a> | <a href="/en">English</a> <span class="today">{E("الأربعاء")}</span></div>
<div id="menu" class="navbar">
  <a href="/">الرئيسية</a> <a href="/syria">أخبار محلية</a> <a href="/reports">تقارير</a> <a href="/opinion">رأي</a> <a href="/contact">تواصل معنا</a>
</div>
<div class="container">
 <div class="col-main">
  <div class="article-header">
    <span class="cat"><a href="/syria">{E(a["section"])}</a></span>
    <h1>{E(a["title"])}</h1>
    <div class="byline">بقلم <a href="/author/1" rel="author">{E(a["author"])}</a> — <time datetime="{a["published"]}">{a["published"][:10]}</time></div>
  </div>
  <div class="social-share"><a href="#" class="fb">Facebook</a><a href="#" class="tw">Twitter</a><a href="#" class="tg">Telegram</a></div>
  <div class="article-body">
    {(chr(10) + "    ").join(paras)}
  </div>
  <div class="newsletter-box"><p>اشترك في نشرتنا البريدية ليصلك كل جديد</p><input type="email"><button>اشتراك</button></div>
  <div class="related-posts">
    <h4>قد يهمك</h4>
{related}
  </div>
  <div id="disqus_thread"></div>
 </div>
 <div class="col-side">
  <div class="widget"><h4>تابعنا</h4><a href="https://t.me/x">تلغرام</a> <a href="https://fb.com/x">فيسبوك</a></div>
 </div>
</div>
<div class="footer">© {site} 2022 — <a href="/privacy">الخصوصية</a></div>
<script src="/js/app.js"></script>
</body>
</html>
"""


def tpl_dijla(a):
    site = "صدى دجلة"
    paras, rest = body_paras(a)
    assert not rest, a["name"]
    related = " ".join(f'<a href="{E(h)}">{E(t)}</a><br>' for t, h in a["related"])
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>{site} - {E(a["title"])}</title>
<meta name="description" content="{E(a["paras"][0][:80])}">
</head>
<body>
<div class="header"><img src="logo.gif" alt="{site}"> <div class="links"><a href="index.php">الصفحة الرئيسية</a> - <a href="cat.php?c=1">محليات</a> - <a href="cat.php?c=2">عربي ودولي</a> - <a href="cat.php?c=3">رياضة</a></div></div>
<div id="content">
<div class="section-name">{E(a["section"])}</div>
<h2 class="title">{E(a["title"])}</h2>
<div class="info">{E(a["byline_date"])} | كتب: {E(a["author"])} | عدد القراءات: 1204</div>
<div id="news-text">
{chr(10).join(paras)}
</div>
<div class="more">قد يهمك أيضاً:<br> {related}</div>
<div class="print"><a href="print.php?id=1">طباعة</a> | <a href="send.php?id=1">أرسل لصديق</a></div>
</div>
<div class="copyright">جميع الحقوق محفوظة لـ{site} 2023</div>
</body>
</html>
"""


def tpl_maghreb(a):
    site = "أخبار المغرب العربي"
    paras, rest = body_paras(a)
    assert not rest, a["name"]
    byline = "" if a.get("maghreb_no_byline") else f'<p class="date">نشر في {E(a["byline_date"])}</p>'
    by_author = f'<p class="signature">{E(a["author"])}</p>' if a.get("author") else ""
    related = "".join(f'<li><a href="{E(h)}">{E(t)}</a></li>' for t, h in a["related"])
    return f"""<!DOCTYPE html>
<html lang="ar">
<head>
<meta charset="UTF-8">
<title>{E(a["title"])} – {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{E(a["title"])}">
<link rel="canonical" href="{E(a["url"])}">
</head>
<body>
<div class="gdpr-notice" id="cookies"><span>يستخدم هذا الموقع ملفات الكوكيز. <a href="/cookies">المزيد</a></span> <a class="accept" href="#">قبول</a></div>
<ul class="menu"><li><a href="/">الرئيسية</a></li><li><a href="/maghreb/">المغرب العربي</a></li><li><a href="/monde/">العالم</a></li><li><a href="/eco/">اقتصاد</a></li></ul>
<div class="wrapper">
<div class="entry">
<span class="rubrique">{E(a["section"])}</span>
<h1 class="entry-title">{E(a["title"])}</h1>
{byline}
<div class="entry-content">
{chr(10).join(paras)}
{by_author}
</div>
<div class="partage">مشاركة: <a href="#">فيسبوك</a> <a href="#">X</a></div>
<div class="yarpp-related"><h3>اقرأ أيضا</h3><ul>{related}</ul></div>
</div>
</div>
<div id="footer"><p>{site} © 2023. كل الحقوق محفوظة.</p></div>
</body>
</html>
"""


def tpl_raqib(a):
    site = "الرقيب السوري"
    paras, rest = body_paras(a)
    assert not rest, a["name"]
    return f"""<HTML>
<HEAD>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=utf-8">
<TITLE>{site} :: {E(a["title"])}</TITLE>
</HEAD>
<BODY BGCOLOR="#FFFFFF">
<TABLE WIDTH="100%" BORDER=0>
<TR><TD COLSPAN=2 CLASS="banner"><A HREF="default.asp">{site}</A> &nbsp; <A HREF="news.asp">الأخبار</A> | <A HREF="reports.asp">التقارير</A> | <A HREF="archive.asp">الأرشيف</A></TD></TR>
<TR>
<TD WIDTH="20%" VALIGN=TOP CLASS="side">
<B>أخبار سابقة</B><BR>
<A HREF="news.asp?id=3001">بيان حول الأوضاع الإنسانية</A><BR>
<A HREF="news.asp?id=3002">حصاد الأسبوع</A><BR>
</TD>
<TD VALIGN=TOP>
<FONT SIZE=2 COLOR="#888888">القسم: {E(a["section"])}</FONT><BR>
<FONT SIZE=5><B>{E(a["title"])}</B></FONT><BR>
<FONT SIZE=2>تاريخ النشر: {E(a["byline_date"])} - بقلم: {E(a["author"])}</FONT>
<HR>
{chr(10).join(paras)}
<HR>
<FONT SIZE=1>جميع الحقوق محفوظة &copy; {site}</FONT>
</TD>
</TR>
</TABLE>
</BODY>
</HTML>
"""


TEMPLATES = dict(shamal=tpl_shamal, furat=tpl_furat, dijla=tpl_dijla, maghreb=tpl_maghreb, raqib=tpl_raqib)
SITES = dict(shamal="شبكة الشمال الإخبارية", furat="فرات بوست", dijla="صدى دجلة",
             maghreb="أخبار المغرب العربي", raqib="الرقيب السوري")


def main():
    os.makedirs(os.path.join(OUT, "expected"), exist_ok=True)
    for a in ARTICLES:
        page = TEMPLATES[a["tpl"]](a)
        path = os.path.join(OUT, a["name"] + ".html")
        if a["tpl"] == "dijla":
            data = page.encode("cp1256")  # the windows-1256 site: no UTF-8 at all
        else:
            data = page.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        expected = {
            "url": a["url"],
            "title": a["title"],
            "published": a["published"],
            "published_evidence": a["evidence"],
            "author": a["author"],
            "section": a["section"],
            "site_name": SITES[a["tpl"]],
            "lang": "ar",
            "paragraphs": a["paras"],
            "links": [h for h, _ in a["links"]],
        }
        with open(os.path.join(OUT, "expected", a["name"] + ".json"), "w", encoding="utf-8") as f:
            json.dump(expected, f, ensure_ascii=False, indent=2)
            f.write("\n")
    print(f"wrote {len(ARTICLES)} pages to {OUT}")


if __name__ == "__main__":
    main()

app-name = لوحة
app-full-name = لوحة — التعليم عن بعد
install-app = تثبيت لوحة
offline-title = لا يوجد اتصال
offline-text = هذا الجهاز غير متصل بالإنترنت الآن. ستعمل الصفحة من جديد عند عودة الاتصال.
offline-retry = إعادة المحاولة
skip-to-content = الانتقال إلى المحتوى
nav-label = القائمة الرئيسية
nav-home = الرئيسية
nav-provinces = المديريات الإقليمية
nav-schools = المؤسسات
nav-classes = الأقسام
nav-people = الأشخاص
nav-import = استيراد CSV
nav-profile = حسابي
nav-logout = تسجيل الخروج
footer-text = لوحة — التعليم عن بعد لكل التلاميذ.
pagination-label = التصفح بين الصفحات
pagination-prev = الصفحة السابقة
pagination-next = الصفحة التالية
pagination-status = الصفحة { $page } من { $pages }

## Errors
error-title = حدث خطأ
error-back-home = العودة إلى الرئيسية
error-forbidden = ليس لديك حق الوصول إلى هذه الصفحة.
error-not-found = هذه الصفحة غير موجودة.
error-csrf = انتهت صلاحية الاستمارة أو أنها لا تأتي من لوحة. أعد تحميل الصفحة وحاول مرة أخرى.
error-too-many = محاولات كثيرة جدا. حاول بعد بضع دقائق.
error-busy = الخادم مشغول الآن. أعد المحاولة بعد لحظات.
error-bad-request = الطلب غير صالح.
error-too-large = الطلب أكبر من الحجم المسموح به.
error-internal = حدث خطأ داخلي. حاول لاحقا.
error-conflict = لا يمكن القيام بهذا الإجراء في الوضع الحالي.
error-invalid = إحدى القيم المرسلة غير مقبولة.
form-has-errors = تحتوي الاستمارة على أخطاء:

## Validation error codes
err-required = هذا الحقل إلزامي.
err-too-long = هذا النص طويل جدا.
err-invalid-characters = يحتوي هذا النص على رموز غير مسموح بها.
err-invalid-email = عنوان البريد الإلكتروني غير صالح.
err-invalid-pupil-code = رمز التلميذ غير صالح (حروف لاتينية كبيرة وأرقام، من 4 إلى 20، يبدأ بحرف).
err-invalid-code = رمز غير صالح (حروف لاتينية كبيرة وأرقام وشرطات).
err-invalid-school-year = سنة دراسية غير صالحة (مثال: 2025-2026).
err-invalid-locale = لغة غير معروفة (ar أو fr).
err-email-or-code-required = أدخل بريدا إلكترونيا أو رمز تلميذ.
err-scope-not-allowed = لا يمكن منح هذا الدور على هذا المستوى.
err-password-too-short = يجب أن تتكون كلمة المرور من 8 رموز على الأقل.
err-password-too-simple = كلمة المرور بسيطة جدا: استعمل 3 رموز مختلفة على الأقل.
err-password-too-common = كلمة المرور هذه شائعة جدا ويسهل تخمينها: اختر كلمة أخرى.
err-password-mismatch = كلمتا المرور غير متطابقتين.
err-wrong-password = كلمة المرور الحالية غير صحيحة.
err-email-taken = هذا البريد الإلكتروني مستعمل من قبل.
err-pupil-code-taken = رمز التلميذ هذا مستعمل من قبل.
err-code-taken = هذا الرمز مستعمل من قبل.
err-name-taken = هذا الاسم مستعمل من قبل.
err-not-a-hash = قيمة غير صالحة.
err-unknown-level = مستوى غير معروف.
err-unknown-subject = مادة غير معروفة.
err-unknown-school = مؤسسة غير معروفة.
err-unknown-class = قسم غير معروف.
err-school-inactive = هذه المؤسسة معطلة.
err-school-out-of-scope = هذه المؤسسة خارج نطاق صلاحياتك.
err-account-out-of-scope = لهذا الحساب أيضًا دور خارج نطاق صلاحياتك: لا يعدّله إلا مسؤول يشمل نطاقُه جميعَ أدواره.
err-account-changed = تغيّر هذا الحساب منذ المعاينة: استورد الملف من جديد.
err-level-not-for-school = هذا المستوى لا يناسب نوع المؤسسة.
err-empty-file = الملف فارغ.
err-malformed-csv = ملف CSV غير سليم.
err-missing-column = عمود إلزامي مفقود.
err-unknown-column = عمود غير معروف.
err-duplicate-column = عمود مكرر.
err-duplicate-in-file = سطر مكرر في الملف.
err-too-many-rows = يحتوي الملف على أسطر كثيرة جدا.
err-too-many-errors = أخطاء كثيرة جدا: تُعرض الأولى فقط.

## Roles
role-pupil = تلميذ(ة)
role-parent = ولي(ة) الأمر
role-teacher = أستاذ(ة)
role-vocational_trainer = مكون(ة)
role-trainee = متدرب(ة)
role-school_admin = إدارة المؤسسة
role-regional_admin = الإدارة الجهوية (الأكاديمية)
role-ministry_admin = إدارة الوزارة
role-volunteer_tutor = مرافق(ة) متطوع(ة)
role-producer = الإنتاج
role-support_agent = الدعم التقني
scope-national = كل التراب الوطني

## Sign-in
login-title = تسجيل الدخول
login-intro = سجل الدخول ببريدك الإلكتروني أو برمز التلميذ الذي سلمته لك مؤسستك.
login-identifier = البريد الإلكتروني أو رمز التلميذ
login-identifier-hint = مثال: prenom.nom@exemple.ma أو J1234567
login-password = كلمة المرور
login-signed-out = تم تسجيل خروجك. إلى اللقاء!
login-submit = دخول
login-missing = أدخل المعرف وكلمة المرور.
login-failed = المعرف أو كلمة المرور غير صحيحة.
login-throttled = محاولات فاشلة كثيرة جدا. انتظر قليلا ثم أعد المحاولة.
login-busy = تسجيلات دخول كثيرة في اللحظة نفسها. أعد المحاولة بعد لحظات.

## Home
home-title = الرئيسية
home-welcome = مرحبا، { $name }
home-your-roles = أدوارك
home-my-class = قسمي
home-no-class = لست مسجلا(ة) في أي قسم حاليا.
home-my-classes = أقسامي
home-no-taught = لم يسند إليك أي قسم بعد.
home-my-children = أبنائي
home-no-children = لا يوجد أي ابن مرتبط بحسابك. اتصل بالمؤسسة.
home-admin = نطاق صلاحياتك
home-role-volunteer_tutor = المرافقة التطوعية: ستصل طلبات مساعدة التلاميذ إلى هنا.
home-role-producer = الإنتاج: ستتوفر إدارة الكبسولات هنا.
home-role-support_agent = الدعم: تذاكر جهاتك في القائمة؛ وسيصل تدبير اللوحات الإلكترونية إلى هنا.

## Columns
col-roles = الأدوار
col-name = الاسم
col-login = المعرف
col-class = القسم
col-classes = الأقسام
col-school = المؤسسة
col-schools = المؤسسات
col-pupils = التلاميذ
col-teachers = الأساتذة
roster-empty = لا يضم هذا القسم أي تلميذ بعد.
roster-count = { $count ->
    [zero] لا تلميذ
    [one] تلميذ(ة) واحد(ة)
    [two] تلميذان (تلميذتان)
    [few] { $count } تلاميذ
    [many] { $count } تلميذا
   *[other] { $count } تلميذ
}

## Profile
profile-member-since = تاريخ إنشاء الحساب
profile-title = حسابي
profile-must-change = اختر كلمة مرور شخصية جديدة قبل المتابعة.
profile-password-changed = تم تغيير كلمة المرور.
profile-language-saved = تم حفظ اللغة.
profile-change-password = تغيير كلمة المرور
profile-current-password = كلمة المرور الحالية
profile-new-password = كلمة المرور الجديدة
profile-confirm-password = تأكيد كلمة المرور الجديدة
profile-password-rules = 8 رموز على الأقل، وليست كلها متشابهة. جملة سهلة التذكر اختيار جيد.
profile-save-password = تغيير كلمة المرور
profile-language = اللغة
profile-language-choice = لغة الواجهة
profile-save-language = حفظ اللغة

## Administration: shared
choose = — اختر —
save = حفظ
saved = تم حفظ التعديلات.
cancel = إلغاء
search-label = بحث
search-submit = تصفية
list-count = عدد النتائج: { $count }
filter-include-inactive = إظهار المعطل أيضا
filter-all-regions = كل الجهات
filter-all-schools = كل المؤسسات
filter-all-roles = كل الأدوار
status-active = مفعل
status-inactive = معطل
col-status = الحالة
col-where = النطاق
col-actions = إجراءات
deactivate = تعطيل
reactivate = إعادة التفعيل
field-code = الرمز
field-name-ar = الاسم بالعربية
field-name-fr = الاسم بالفرنسية
field-region = الجهة
field-province = المديرية الإقليمية
field-kind = النوع
field-level = المستوى أو الشعبة
field-school-year = السنة الدراسية
field-class-name = اسم القسم
field-email = البريد الإلكتروني
field-pupil-code = رمز التلميذ
field-role = الدور
field-password = كلمة المرور
school-code-hint = أدخل رمز المؤسسة (مثال: 20012K).
err-unknown-province = مديرية إقليمية غير معروفة.
err-unknown-region = جهة غير معروفة.
err-unknown-role = دور غير معروف.
err-province-other-region = لا يمكن نقل المؤسسة إلا إلى إقليم داخل جهتها.
err-not-utf8 = الملف ليس بترميز UTF-8. احفظه بصيغة «CSV UTF-8».
err-duplicate = هذه القيمة مستعملة من قبل.

## Administration: provinces
provinces-title = المديريات الإقليمية
provinces-empty = لا توجد مديرية إقليمية مطابقة.
provinces-new = مديرية إقليمية جديدة
provinces-create = إنشاء المديرية
provinces-created = تم إنشاء المديرية الإقليمية.

## Administration: schools
schools-title = المؤسسات
schools-new = مؤسسة جديدة
schools-back = العودة إلى المؤسسات
schools-empty = لا توجد مؤسسة مطابقة.
schools-created = تم إنشاء المؤسسة.
schools-deactivated = تم تعطيل المؤسسة.
schools-reactivated = تمت إعادة تفعيل المؤسسة.
schools-related = في هذه المؤسسة
schools-its-classes = أقسامها
schools-its-people = تلاميذها وأطرها
schools-deactivate-hint = لا تظهر المؤسسة المعطلة في القوائم ولا في الاستيراد، ويُحتفظ بسجلها.
schools-reactivate-hint = هذه المؤسسة معطلة. إعادة تفعيلها تعيدها إلى القوائم والاستيراد.
school-kind-school = مدرسة أو إعدادية أو ثانوية
school-kind-vocational = مؤسسة للتكوين المهني
school-kind-preparatory = مركز الأقسام التحضيرية

## Administration: classes
classes-title = الأقسام
classes-new = قسم جديد
classes-back = العودة إلى الأقسام
classes-empty = لا يوجد قسم مطابق.
classes-created = تم إنشاء القسم.
classes-deactivated = تم تعطيل القسم.
classes-reactivated = تمت إعادة تفعيل القسم.
classes-related = هذا القسم
classes-roster = عرض لائحة التلاميذ
classes-level-hint = تختار مؤسسات التكوين المهني والأقسام التحضيرية شعبة، وتختار باقي المؤسسات أحد المستويات الستة والعشرين.

## Administration: people
users-title = الأشخاص
users-new = شخص جديد
users-back = العودة إلى الأشخاص
users-empty = لا يوجد شخص مطابق.
users-identity = الهوية
users-first-role = الدور الأول
users-create = إنشاء الحساب
users-login-hint = بريد إلكتروني، أو رمز التلميذ بالنسبة للتلاميذ والمتدربين: هو معرف الدخول.
users-locale-default = لغة المتصفح
users-password-note = ستظهر كلمة مرور صالحة لمرة واحدة، مرة واحدة فقط، مباشرة بعد الإنشاء.
users-roles = الأدوار
users-no-roles = لا يوجد أي دور.
users-self = هذا حسابك الخاص: عدّله من صفحة «حسابي».
users-shared = لهذا الشخص أيضًا دور خارج نطاق صلاحياتك: لا يعدّل حسابَه إلا مسؤول يشمل نطاقُه جميعَ أدواره.
users-must-change = يجب عليه اختيار كلمة مرور جديدة عند الدخول المقبل.
users-reset = توليد كلمة مرور جديدة
users-reset-hint = تحل كلمة مرور جديدة صالحة لمرة واحدة محل الحالية، وتُغلق كل جلسات الشخص.
users-deactivate-hint = لا يمكن للحساب المعطل تسجيل الدخول، وتُغلق جلساته.
users-reactivate-hint = هذا الحساب معطل. إعادة تفعيله تسمح بتسجيل الدخول من جديد.
users-deactivated = تم تعطيل الحساب.
users-reactivated = تمت إعادة تفعيل الحساب.
grant-add = إضافة دور
grant-added = تمت إضافة الدور.
grant-removed = تم سحب الدور.
grant-remove = سحب الدور «{ $role }»
grant-no-region = — بدون —
grant-scope-hint = التلاميذ والمتدربون: المؤسسة والقسم والسنة الدراسية. الأساتذة وأولياء الأمور والإدارة: المؤسسة. الإدارة الجهوية: الجهة.
one-time-created-title = تم إنشاء الحساب
one-time-reset-title = كلمة مرور جديدة
one-time-once = دوّن كلمة المرور هذه أو اطبعها الآن: لن تظهر مرة أخرى.
one-time-password = كلمة مرور صالحة لمرة واحدة
one-time-must-change = سيتعين على الشخص اختيار كلمة مروره الخاصة عند أول دخول.
one-time-back = عرض بطاقة الشخص

## Administration: CSV import
import-title = استيراد CSV
import-intro = استورد الأقسام، ثم التلاميذ والأساتذة، من ملف CSV (منظومة مسار أو جدول بيانات). تعرض المعاينة ما سيتم قبل أي تعديل.
import-kind = نوع الملف
import-kind-classes = الأقسام
import-kind-pupils = التلاميذ
import-kind-teachers = الأساتذة
import-file = ملف CSV
import-file-hint = ملف CSV بترميز UTF-8، مفصول بفواصل أو بفواصل منقوطة، لا يتجاوز 5 ميغابايت.
import-preview = عرض المعاينة
import-columns = الأعمدة المطلوبة
import-header = سطر العناوين
import-template = النموذج
import-download = تحميل النموذج
import-note-classes = سطر لكل قسم؛ level_code مستوى (مثال: 1AC) أو شعبة (مثال: CPGE-MPSI).
import-note-pupils = سطر لكل تلميذ؛ يجب أن يكون القسم موجودا. العمودان locale (ar أو fr) و parent_email اختياريان.
import-note-teachers = سطر لكل أستاذ؛ العمود classes يضم أسماء الأقسام مفصولة بـ «;»، والعمود subject اختياري.
import-too-large = حجم الملف يتجاوز 5 ميغابايت. قسّمه إلى عدة ملفات.
import-broken-upload = فشل إرسال الملف. حاول مرة أخرى.
import-choose-kind = اختر نوع الملف.
import-no-file = اختر ملف CSV غير فارغ.
import-preview-title = معاينة الاستيراد
import-has-errors = عدد الأخطاء في الملف: { $count }
import-errors = الأخطاء حسب السطر والعمود
import-row = السطر
import-column = العمود
import-problem = المشكل
import-value = القيمة
import-first-on-row = (ورد سابقا في السطر { $row })
import-nothing-changed = لم يتغير أي شيء. صحح الملف ثم استورده من جديد.
import-again = استيراد ملف آخر
import-create = للإنشاء
import-update = للتحديث
import-unchanged = دون تغيير
import-new-parents = سيتم أيضا إنشاء حسابات لأولياء الأمور، عددها: { $count }
import-confirm-hint = لم يُسجَّل أي شيء بعد. أكّد لتطبيق كل شيء دفعة واحدة.
import-apply = تطبيق الاستيراد
import-planned = ما سيفعله كل سطر
import-action = الإجراء
import-what = العنصر
import-more-rows = أسطر أخرى غير معروضة: { $count }
import-done-title = انتهى الاستيراد
import-done = تم تطبيق الاستيراد.
import-created = أُنشئ
import-updated = حُدّث
import-credentials = الحسابات الجديدة

## Curriculum
nav-curriculum = المناهج
breadcrumb-label = مسار التصفح
curriculum-title = المناهج الدراسية
curriculum-intro = اختر مستوى لعرض مواده ووحداته ودروسه.
curriculum-no-subjects = لا توجد أي مادة متاحة لهذا المستوى بعد.
curriculum-no-units = لا توجد أي وحدة متاحة لهذه المادة بعد.
curriculum-no-lessons = لا يوجد أي درس في هذه الوحدة بعد.
curriculum-unit-count = { $count ->
    [zero] لا وحدة
    [one] وحدة واحدة
    [two] وحدتان
    [few] { $count } وحدات
    [many] { $count } وحدة
   *[other] { $count } وحدة
}
cycle-primaire = التعليم الابتدائي
cycle-college = التعليم الثانوي الإعدادي
cycle-lycee = التعليم الثانوي التأهيلي
cycle-vocational = التكوين المهني
cycle-preparatory = الأقسام التحضيرية للمدارس العليا

## Lessons and exercises
lesson-unit = الوحدة: { $unit }
lesson-exercises = التمارين
lesson-no-exercises = لا توجد تمارين لهذا الدرس بعد.
lesson-sign-in-to-answer = سجّل الدخول للإجابة عن التمارين.
exercise-mode-practice = تمرين
exercise-mode-quiz = تقويم
exercise-summary-title = تقدّمك
exercise-summary-answered = الأسئلة المُجاب عنها: { $answered } من { $total }
exercise-summary-average = المعدّل: { $score }٪
exercise-no-items = لا تحتوي هذه السلسلة على أي سؤال بعد.
exercise-item-title = السؤال { $number }
exercise-attempts = المحاولات: { $used } من { $allowed }
exercise-submit = تأكيد إجابتي
exercise-answer-again = أجب مرة أخرى
exercise-no-attempts-left = استنفدت جميع محاولاتك في هذا السؤال.
exercise-hint-multiple = اختر كل الإجابات الصحيحة.
exercise-hint-ordering = اختر العنصر المناسب لكل موضع.
exercise-hint-units = الوحدات المقبولة: { $units }
exercise-true = صحيح
exercise-false = خطأ
exercise-your-answer = إجابتك
exercise-blank-label = الفراغ { $number }
exercise-position-label = الموضع { $number }
exercise-verdict-right = إجابة صحيحة
exercise-verdict-partly = إجابة صحيحة جزئيا
exercise-verdict-wrong = إجابة خاطئة
exercise-score = النتيجة: { $score }٪
exercise-your-previous-answer = إجابتك
exercise-answer-none = (لم تختر أي إجابة)
exercise-part-right = صحيح
exercise-part-wrong = خطأ
exercise-solution = الحل
exercise-feedback-after-attempts = سيظهر الحل بعد استنفاد جميع محاولاتك.
exercise-err-too-large = الإجابة المرسلة كبيرة جدا.
exercise-err-too-long = الإجابة طويلة جدا (2000 حرف على الأكثر).
exercise-err-stale-form = لم تعد هذه الاستمارة صالحة. أعد تحميل الصفحة ثم أجب من جديد.
exercise-err-no-answer = اختر إجابة أو اكتبها قبل التأكيد.
exercise-err-incomplete = املأ كل الفراغات قبل التأكيد.
exercise-err-bad-index = هذه الإجابة ليست من بين الاقتراحات.
exercise-err-duplicate = لا يمكن وضع العنصر نفسه إلا مرة واحدة.
exercise-err-not-a-number = اكتب عددا (مثلا 3,5 أو 12 cm).
exercise-err-not-presented = لم يُعرض عليك هذا السؤال: افتح سلسلة التمارين للإجابة عنه.
exercise-err-no-attempts-left = استنفدت جميع محاولاتك في هذا السؤال: لم تُسجَّل الإجابة.

## Revision and progress
revision-title = مراجعاتي لهذا اليوم
revision-due-count = أسئلة للمراجعة اليوم: { $count }
revision-just-answered = إجابتك
revision-more-like-this = أسئلة أخرى مشابهة
revision-more-title = أسئلة أخرى مشابهة
revision-due-title = للمراجعة اليوم
revision-nothing-due = لا شيء للمراجعة اليوم. عد غدا، أو اشتغل على درس جديد.
revision-more-due = أسئلة أخرى في الانتظار: ستظهر بعد الإجابة عن هذه.
revision-weak-title = لتقوية الدروس التي تحتاج إلى دعم
revision-weak-hint = هذه الأسئلة من دروس كانت إجاباتك الأخيرة فيها خاطئة في الغالب.
progress-title = تقدّمي
progress-today = اليوم
progress-streak = أيام العمل المتتالية: { $days }
progress-go = ابدأ
progress-next-struggling = للمراجعة: «{ $lesson }».
progress-next-continue = للمتابعة: «{ $lesson }».
progress-next-start = للاكتشاف: «{ $lesson }».
progress-empty = لا توجد دروس لمستواك حاليا.
progress-count-mastered = دروس متقنة: { $count }
progress-count-in-progress = دروس قيد التعلم: { $count }
progress-count-not-started = دروس لم تبدأ: { $count }
progress-answered = أسئلة أجبت عنها: { $answered } من { $items }
mastery-not-started = لم يبدأ
mastery-struggling = يحتاج إلى مراجعة
mastery-in-progress = قيد التعلم
mastery-mastered = متقن
nav-revision = المراجعة
nav-progress = تقدّمي
authoring-title = سلسلة تمارين جديدة
authoring-intro = اكتب الأسئلة أو ارفعها بصيغة GIFT أو Moodle XML، وراجع المعاينة (الأجوبة المنتظرة والنقط والتغذية الراجعة)، ثم احفظ السلسلة في الدرس.
authoring-add-set = إضافة سلسلة تمارين
authoring-at-line = السطر { $line }:
authoring-title-ar = العنوان بالعربية
authoring-title-fr = العنوان بالفرنسية
authoring-mode = نوع السلسلة
authoring-max-attempts = عدد المحاولات لكل سؤال (التقويم)
authoring-max-attempts-hint = من 1 إلى 20؛ فارغ: بلا حد. لا يُعتدّ به في التمرّن.
authoring-source = الأسئلة (صيغة GIFT أو Moodle XML)
authoring-source-hint = سؤال في كل فقرة، مثلًا ::العنوان:: السؤال {"{"}=صحيح ~خطأ{"}"}. الصيغ الرياضية بين \( و\) أو بين $$ و$$، تُكتب كما في LaTeX بأقواسها دون تهريب، في سطر واحد: مثلًا \(\frac{"{"}3{"}"}{"{"}4{"}"}\).
authoring-skip-unsupported = استيراد الأسئلة المدعومة وتجاهل الباقي (ستُعرض في قائمة)
authoring-skipped = { $count ->
    [zero] لم يُتجاهل أي سؤال:
    [one] سؤال واحد متجاهَل (نوع غير مدعوم):
    [two] سؤالان متجاهَلان (نوع غير مدعوم):
    [few] { $count } أسئلة متجاهَلة (نوع غير مدعوم):
    [many] { $count } سؤالًا متجاهَلًا (نوع غير مدعوم):
   *[other] { $count } سؤال متجاهَل (نوع غير مدعوم):
}
authoring-file = أو ملف GIFT أو Moodle XML
authoring-file-hint = ملف UTF-8 (.gift أو .txt أو .xml)؛ يعوّض النص أعلاه.
authoring-preview = معاينة
authoring-save = حفظ السلسلة
authoring-preview-title = معاينة: { $count ->
    [zero] لا سؤال
    [one] سؤال واحد
    [two] سؤالان
    [few] { $count } أسئلة
    [many] { $count } سؤالا
   *[other] { $count } سؤال
}
authoring-too-large = النص أو الملف كبير جدًا (4 ميغابايت على الأكثر).
authoring-broken-upload = تعذّرت قراءة الاستمارة. أعد المحاولة.
authoring-any-other-answer = أي جواب آخر
err-attempts-out-of-range = أدخل عدد محاولات بين 1 و20.
item-kind-single-choice = اختيار واحد
item-kind-multiple-choice = اختيار متعدد
item-kind-true-false = صحيح أم خطأ
item-kind-numeric = جواب عددي
item-kind-short-answer = جواب قصير
item-kind-fill-blanks = ملء الفراغات
item-kind-matching = ربط
item-kind-ordering = ترتيب
question-error-too-large = الملف كبير جدًا.
question-error-not-utf8 = الملف ليس نصًا بترميز UTF-8.
question-error-too-many-questions = الملف يحتوي على عدد كبير جدًا من الأسئلة.
question-error-unclosed-brace = القوس « { "{" } » غير مغلق قبل السطر الفارغ الموالي.
question-error-unexpected-brace = قوس « { $value } » غير متوقع (اكتب \{"{"} أو \{"}"} للحرف نفسه).
question-error-unclosed-title = العنوان « :: » غير مغلق بـ « :: ».
question-error-no-answer-block = السؤال بلا أجوبة بين قوسين.
question-error-empty-answer-set = كتلة الأجوبة فارغة (الأسئلة المفتوحة غير مدعومة).
question-error-empty-answer = أحد الأجوبة فارغ.
question-error-too-few-answers = هذا النوع من الأسئلة يحتاج إلى أجوبة أكثر (الحد الأدنى: { $value }).
question-error-no-correct-answer = لا يمنح أي جواب نقطًا.
question-error-bad-weight = ترجيح غير صالح « { $value } »: اكتب %n% حيث n بين -100 و100.
question-error-bad-number = عدد غير صالح « { $value } ».
question-error-bad-matching-pair = زوج الربط « { $value } » بلا « -> ».
question-error-no-questions = لم يُعثر على أي سؤال.
question-error-malformed-xml = الملف ليس XML سليم البنية.
question-error-doctype = تصريحات نوع الوثيقة (DOCTYPE) غير مقبولة.
question-error-not-a-quiz = هذا ليس ملف أسئلة Moodle XML (العنصر الجذري « { $value } »، ويجب أن يكون « quiz »).
question-error-unsupported-type = نوع الأسئلة « { $value } » غير مدعوم في لوحة.
question-error-no-question-text = السؤال بلا نص.
question-error-not-a-grade = السؤال « { $question } »: النقطة « { $value } % » ليست من نقط Moodle؛ أقربها { $nearest } %.

## Capsules
nav-search = بحث
nav-studio = الاستوديو
lesson-capsules = الكبسولات المصورة
lesson-no-capsules = لا توجد بعد كبسولة منشورة لهذا الدرس.
capsule-by = مع { $teacher }
capsule-language-ar = العربية
capsule-language-fr = الفرنسية
capsule-player = مشغل الفيديو
capsule-no-video-support = متصفحك لا يشغّل هذا الفيديو.
capsule-download = تنزيل الفيديو
capsule-data-saver = توفير البيانات
data-saver-auto = تلقائي (حسب الاتصال)
data-saver-lowest = أدنى جودة ({ $height }p)
data-saver-audio = الصوت فقط
data-saver-save = حفظ اختياري
capsule-processing = الفيديو قيد التحضير. عد بعد دقائق.
capsule-no-media = لا فيديو لهذه الكبسولة بعد.
capsule-documents = الوثائق
capsule-watched = نسبة المشاهدة
capsule-status-draft = مسودة
capsule-status-processing = قيد التحضير
capsule-status-ready = جاهزة، غير منشورة
capsule-status-published = منشورة
capsule-status-withdrawn = مسحوبة
home-continue-watching = تابع المشاهدة
home-nothing-to-continue = لا كبسولة قيد المشاهدة. اختر واحدة من المنهاج:
home-studio = الاستوديو
home-studio-text = حضّر الكبسولات وراجعها وانشرها.
search-title = البحث عن كبسولة
search-words = الكلمات
search-level = المستوى
search-subject = المادة
search-language = اللغة
search-any = الكل
search-go = بحث
search-results = عدد الكبسولات: { $count }
search-nothing = لا كبسولة مطابقة. جرّب كلمات أخرى أو أزل مرشحا.

## Studio
studio-title = استوديو الكبسولات
studio-intro = الكبسولات من الأحدث تعديلا إلى الأقدم.
studio-coverage = تغطية المنهاج
studio-filter-status = الحالة
studio-filter-mine = كبسولاتي فقط
studio-filter = تصفية
studio-empty = لا كبسولة مطابقة.
studio-col-title = العنوان
studio-col-status = الحالة
studio-col-language = اللغة
studio-col-updated = آخر تعديل
studio-how-to-add = يمكنك أيضا إضافة كبسولة من درس في المنهاج أو من تغطية المنهاج.
studio-ffmpeg-missing = برنامج ffmpeg غير موجود على هذا الخادم: الفيديوهات المرفوعة تنتظر المعالجة. ثبّته (مثلا « sudo apt-get install ffmpeg » على دبيان) ثم أعد تشغيل لوحة.
studio-add-capsule = إضافة كبسولة
studio-new-title = كبسولة جديدة
studio-edit-title = تعديل الكبسولة
studio-for-lesson = الدرس: { $lesson }
studio-field-title_ar = العنوان بالعربية
studio-field-title_fr = العنوان بالفرنسية
studio-field-description_ar = الوصف بالعربية
studio-field-description_fr = الوصف بالفرنسية
studio-field-teacher = الأستاذ(ة)
studio-field-tags = كلمات مفتاحية (مفصولة بفواصل)
studio-field-school_code = خاصة بمؤسسة (الرمز، اختياري)
studio-field-language = لغة التدريس
studio-school-hint = دون رمز مؤسسة، تكون الكبسولة المنشورة مفتوحة للجميع.
studio-save = حفظ
studio-edit = تعديل
studio-watch = صفحة الكبسولة
studio-open = فتح في الاستوديو
studio-publish = نشر
studio-withdraw = سحب
studio-upload-title = الفيديو
studio-upload-video = ملف الفيديو
studio-upload-submit = رفع الفيديو
studio-upload-progress = تقدم الرفع
studio-upload-retrying = انقطع الاتصال، محاولة جديدة…
studio-upload-failed = فشل الرفع. أعد المحاولة: سيُستأنف من حيث توقف.
studio-versions = النسخ المرفوعة
studio-no-versions = لم يُرفع أي فيديو.
studio-playing = النسخة المعروضة
studio-processing = تقدم المعالجة
studio-master-pending = نسخة البث قيد التحضير…
studio-master-download = تنزيل نسخة البث
studio-master-failed = فشل تحضير نسخة البث.
studio-files = الترجمات والوثائق
studio-no-files = لا ملفات مرفقة.
studio-file-kind = نوع الملف
studio-file-subtitles = ترجمة (WebVTT)
studio-file-worksheet = ورقة عمل (PDF)
studio-file-language = اللغة
studio-file-file = الملف
studio-file-submit = إرفاق الملف
media-status-queued = في انتظار المعالجة
media-status-processing = قيد المعالجة
media-status-ready = جاهزة
media-status-failed = مرفوضة
media-error-empty-file = الملف فارغ.
media-error-not-media = هذا الملف ليس فيديو قابلا للقراءة (ملف تالف أو من نوع آخر).
media-error-no-video = هذا الملف بلا صورة: ارفع فيديو، لا ملفا صوتيا.
media-error-no-audio = هذا الملف بلا صوت.
media-error-silent-audio = صوت هذا الملف صامت.
media-error-interrupted = توقفت المعالجة مرات كثيرة. ارفع الفيديو من جديد.
media-error-tool-missing = برنامج ffmpeg غير موجود على الخادم.
media-error-ffmpeg = تعذرت معالجة هذا الملف بـ ffmpeg.
media-error-io = خطأ في الكتابة على الخادم.
media-error-storage = خطأ في تخزين الوسائط.
media-error-unknown = فشلت المعالجة.
upload-error-empty-file = الملف المرفوع فارغ.
upload-error-too-large = الملف كبير جدا.
upload-error-broken-upload = انقطع الرفع. أعد المحاولة.
upload-error-not-webvtt = هذا الملف ليس ترجمة WebVTT صالحة (يجب أن يبدأ بـ WEBVTT مع توقيتات « 00:00.000 --> 00:02.000 »).
upload-error-not-pdf = يجب أن تكون ورقة العمل ملف PDF.
upload-error-bad-language = اختر لغة الملف.
upload-error-no-file = اختر ملفا.
upload-error-refused = رُفض الملف.
report-title = المطابقة لمعيار البث
report-compliant = مطابق
report-not-compliant = غير مطابق (تبقى الكبسولة قابلة للنشر على لوحة)
report-check = الفحص
report-measured = القيمة المقيسة
report-expected = المنتظر
report-result = النتيجة
report-ok = مطابق
report-fails = خارج المعيار
report-loudness = الجهارة المتكاملة (EBU R128)
report-true-peak = الذروة الحقيقية
report-resolution = الدقة
report-frame-rate = الصور في الثانية
report-audio-channels = القنوات الصوتية
report-sample-rate = تردد العينات
report-audio-present = المسار الصوتي
report-value-yes = نعم
report-value-no = لا
report-value-no-audio = لا صوت
report-value-no-video = لا فيديو
report-value-not-measured = لم يُقس
report-value-silent = صامت
report-value-or = {" أو "}
coverage-intro = لكل مستوى، عدد الدروس التي لها كبسولة منشورة على الأقل. اختر مستوى لرؤية الدروس التي تنقصها كبسولة.
coverage-level = المستوى
coverage-lessons = الدروس
coverage-covered = لها كبسولة
coverage-missing = دروس بلا كبسولة منشورة: { $level }
coverage-none-missing = لكل دروس هذا المستوى كبسولة منشورة.
coverage-subject = المادة
coverage-unit = الوحدة
coverage-lesson = الدرس
coverage-in-progress = كبسولات قيد التحضير
err-title-required = أعط عنوانا بالعربية أو بالفرنسية.
err-too-many-tags = كلمات مفتاحية كثيرة (20 على الأكثر).
error-cannot-publish = لا يمكن نشر هذه الكبسولة: الفيديو غير جاهز بعد.
error-cannot-withdraw = لا تُسحب إلا كبسولة منشورة.
error-media-not-ready = هذه النسخة ليست جاهزة بعد.

## Classes (teachers)
class-progress = تقدم القسم
class-subject = المادة
class-show = عرض
class-no-lessons = لا دروس لهذا المستوى في هذه المادة.
class-last-active = آخر نشاط
class-at-risk = تلاميذ يحتاجون إلى مواكبة
class-no-risk = لا تلميذ يستدعي الانتباه: الجميع اشتغل هذا الأسبوع ولا أحد متعثر في درس أنجزه القسم.
class-never-active = لم يدخل أبدا
class-inactive-days = { $days ->
    [one] دون نشاط منذ يوم
    [two] دون نشاط منذ يومين
    [few] دون نشاط منذ { $days } أيام
    [many] دون نشاط منذ { $days } يوما
   *[other] دون نشاط منذ { $days } يوم
}
class-struggling = متعثر في: { $lessons }
class-assignments = الأعمال المكلف بها
class-no-assignments = لا أعمال مكلف بها حتى الآن.
class-work = العمل
class-due = آخر أجل
class-completed = أُنجز
class-note = توجيه (اختياري)
class-for-whom = لمن؟
class-whole-class = القسم كله
class-for-whom-hint = أزل « القسم كله » واختر تلاميذ لتكليفهم وحدهم.
class-assign = تكليف بهذا العمل
class-nothing-to-assign = لا كبسولة ولا سلسلة تمارين منشورة لهذه الدروس.
class-export-csv = تصدير التقدم (CSV)
class-export-xlsx = تصدير التقدم (Excel)
class-done-assigned = تم التكليف بالعمل.
class-done-bad-work = اختر كبسولة أو سلسلة تمارين.
class-done-unavailable-work = هذه الكبسولة غير منشورة أو غير متاحة لهذا القسم.
class-done-bad-date = التاريخ غير صالح.
class-done-past-date = هذا التاريخ قد مضى.
class-done-bad-pupils = أحد التلاميذ المختارين ليس في هذا القسم.
class-done-no-pupils = لا تلاميذ في هذا القسم.
grid-m3 = متقن
grid-m2 = في طور التعلم
grid-m1 = متعثر
grid-w = شاهد الكبسولة
grid-m0 = لم يبدأ
pupil-revision-cards = أسئلة في المراجعة
pupil-revision-due = للمراجعة اليوم
pupil-revision-next = المراجعة القادمة
pupil-mistakes = أخطاء حديثة
pupil-no-mistakes = لا أخطاء حديثة.
pupil-when = متى
pupil-set = السلسلة
pupil-question = السؤال
pupil-score = النتيجة
pupil-timeline = النشاط
pupil-no-activity = لا نشاط حتى الآن.
pupil-answered = أجاب في « { $set } » ({ $score }٪)
pupil-watched = شاهد « { $capsule } » ({ $pct }٪)
home-todo = أعمالي المطلوبة
home-nothing-to-do = لا أعمال مطلوبة حتى الآن.
home-todo-done = أُنجز
home-todo-due = قبل { $date }

## Dashboards
nav-dashboards = لوحات القيادة
nav-vocational = تتبع التكوين
dash-title = لوحة القيادة
dash-period = المدة
dash-days = { $days ->
    [one] آخر يوم
    [two] آخر يومين
    [few] آخر { $days } أيام
    [many] آخر { $days } يوما
   *[other] آخر { $days } يوم
}
dash-show = عرض
dash-privacy = { $n ->
    [one] الأرقام تخص مجموعات فقط؛ لا تُعرض أبدا مجموعة تضم أقل من تلميذ واحد.
    [two] الأرقام تخص مجموعات فقط؛ لا تُعرض أبدا مجموعة تضم أقل من تلميذين.
    [few] الأرقام تخص مجموعات فقط؛ لا تُعرض أبدا مجموعة تضم أقل من { $n } تلاميذ.
    [many] الأرقام تخص مجموعات فقط؛ لا تُعرض أبدا مجموعة تضم أقل من { $n } تلميذا.
   *[other] الأرقام تخص مجموعات فقط؛ لا تُعرض أبدا مجموعة تضم أقل من { $n } تلميذ.
}
dash-scope-suppressed = { $n ->
    [one] يضم هذا النطاق أقل من تلميذ واحد: لا تُعرض أرقامه.
    [two] يضم هذا النطاق أقل من تلميذين: لا تُعرض أرقامه.
    [few] يضم هذا النطاق أقل من { $n } تلاميذ: لا تُعرض أرقامه.
    [many] يضم هذا النطاق أقل من { $n } تلميذا: لا تُعرض أرقامه.
   *[other] يضم هذا النطاق أقل من { $n } تلميذ: لا تُعرض أرقامه.
}
dash-suppressed-short = { $n ->
    [one] أقل من تلميذ واحد
    [two] أقل من تلميذين
    [few] أقل من { $n } تلاميذ
    [many] أقل من { $n } تلميذا
   *[other] أقل من { $n } تلميذ
}
dash-suppressed-note = { $n ->
    [one] مجموعة من أقل من تلميذ واحد: غير معروضة
    [two] مجموعة من أقل من تلميذين: غير معروضة
    [few] مجموعة من أقل من { $n } تلاميذ: غير معروضة
    [many] مجموعة من أقل من { $n } تلميذا: غير معروضة
   *[other] مجموعة من أقل من { $n } تلميذ: غير معروضة
}
dash-suppressed-company-short = مخفية مع مجموعة صغيرة
dash-suppressed-company-note = { $n ->
    [one] مخفية أيضا حتى لا تُستنتج مجموعة من أقل من تلميذ واحد من المجموع
    [two] مخفية أيضا حتى لا تُستنتج مجموعة من أقل من تلميذين من المجموع
    [few] مخفية أيضا حتى لا تُستنتج مجموعة من أقل من { $n } تلاميذ من المجموع
    [many] مخفية أيضا حتى لا تُستنتج مجموعة من أقل من { $n } تلميذا من المجموع
   *[other] مخفية أيضا حتى لا تُستنتج مجموعة من أقل من { $n } تلميذ من المجموع
}
dash-col-pupils = التلاميذ المسجلون
dash-col-active = النشطون هذا الأسبوع
dash-kpi-active = النشطون هذا الأسبوع
dash-col-active-day = التلاميذ النشطون
dash-col-answers = الأجوبة
dash-col-correct = نسبة النجاح
dash-col-minutes = دقائق المشاهدة
dash-col-mastery = الدروس المتقنة
dash-col-assignments = الأعمال المنجزة
dash-map = خريطة الجهات
dash-map-desc = نسبة التلاميذ المسجلين النشطين هذا الأسبوع، حسب الجهة.
dash-map-unit = تلاميذ نشطون هذا الأسبوع
dash-map-other = خارج نطاقك
dash-over-time = عبر الزمن
dash-chart-active = التلاميذ النشطون يوميا
dash-chart-active-desc = { $days ->
    [one] عدد التلاميذ الذين شاهدوا كبسولة أو أجابوا عن سؤال، كل يوم من آخر يوم.
    [two] عدد التلاميذ الذين شاهدوا كبسولة أو أجابوا عن سؤال، كل يوم من آخر يومين.
    [few] عدد التلاميذ الذين شاهدوا كبسولة أو أجابوا عن سؤال، كل يوم من آخر { $days } أيام.
    [many] عدد التلاميذ الذين شاهدوا كبسولة أو أجابوا عن سؤال، كل يوم من آخر { $days } يوما.
   *[other] عدد التلاميذ الذين شاهدوا كبسولة أو أجابوا عن سؤال، كل يوم من آخر { $days } يوم.
}
dash-chart-answers = الأجوبة يوميا
dash-chart-answers-desc = { $days ->
    [one] عدد الأجوبة عن التمارين، كل يوم من آخر يوم.
    [two] عدد الأجوبة عن التمارين، كل يوم من آخر يومين.
    [few] عدد الأجوبة عن التمارين، كل يوم من آخر { $days } أيام.
    [many] عدد الأجوبة عن التمارين، كل يوم من آخر { $days } يوما.
   *[other] عدد الأجوبة عن التمارين، كل يوم من آخر { $days } يوم.
}
dash-chart-children = النشطون هذا الأسبوع
dash-chart-children-desc = نسبة التلاميذ المسجلين النشطين هذا الأسبوع.
dash-table-of-days = جدول يوما بيوم
dash-day = اليوم
dash-no-data = لا معطيات بعد.
dash-children-regions = الجهات
dash-children-provinces = المديريات الإقليمية
dash-children-schools = المؤسسات
dash-children-levels = المستويات
dash-by-level = حسب المستوى
dash-level = المستوى
dash-by-subject = حسب المادة
dash-export-csv = تصدير هذا الجدول (CSV)
dash-capsules = الكبسولات
dash-most-watched = الأكثر مشاهدة
dash-least-completed = الأقل إتماما
dash-starts = التلاميذ
dash-completion = أتمها
dash-coverage = تغطية المنهاج بكبسولات منشورة
voc-title = تتبع التكوين المهني
voc-intro = { $weeks ->
    [one] مواظبة وتقدم مجموعات المتدربين خلال الأسبوع الأخير. تُحسب أيام النشاط بالنشاط على المنصة من 20 يوما من التكوين؛ أما الحضور في الأقسام الافتراضية فمصدره خدمة المؤتمرات المرئية (الدخول والخروج): الحصص التي حضرها المتدربون من الحصص المعقودة.
    [two] مواظبة وتقدم مجموعات المتدربين خلال الأسبوعين الأخيرين. تُحسب أيام النشاط بالنشاط على المنصة من 20 يوما من التكوين؛ أما الحضور في الأقسام الافتراضية فمصدره خدمة المؤتمرات المرئية (الدخول والخروج): الحصص التي حضرها المتدربون من الحصص المعقودة.
    [few] مواظبة وتقدم مجموعات المتدربين خلال آخر { $weeks } أسابيع. تُحسب أيام النشاط بالنشاط على المنصة من 20 يوما من التكوين؛ أما الحضور في الأقسام الافتراضية فمصدره خدمة المؤتمرات المرئية (الدخول والخروج): الحصص التي حضرها المتدربون من الحصص المعقودة.
    [many] مواظبة وتقدم مجموعات المتدربين خلال آخر { $weeks } أسبوعا. تُحسب أيام النشاط بالنشاط على المنصة من 20 يوما من التكوين؛ أما الحضور في الأقسام الافتراضية فمصدره خدمة المؤتمرات المرئية (الدخول والخروج): الحصص التي حضرها المتدربون من الحصص المعقودة.
   *[other] مواظبة وتقدم مجموعات المتدربين خلال آخر { $weeks } أسبوع. تُحسب أيام النشاط بالنشاط على المنصة من 20 يوما من التكوين؛ أما الحضور في الأقسام الافتراضية فمصدره خدمة المؤتمرات المرئية (الدخول والخروج): الحصص التي حضرها المتدربون من الحصص المعقودة.
}
voc-none = لا مجموعات متدربين في نطاقك.
voc-group = المجموعة
voc-trainees = المتدربون
voc-active = النشطون
voc-attendance = أيام النشاط
voc-total = مجموع المؤسسة
voc-live-attendance = الحضور في الأقسام الافتراضية
voc-live-minutes = دقائق الحضور المباشر لكل متدرب
voc-live-held = { $n ->
    [zero] لم تُعقد أي حصة
    [one] حصة واحدة معقودة
    [two] حصتان معقودتان
    [few] { $n } حصص معقودة
    [many] { $n } حصة معقودة
   *[other] { $n } حصة معقودة
}
class-items-answered = الأسئلة المجاب عنها
class-mean-score = المعدل

## Administration: school nodes
nav-nodes = خوادم المؤسسات
nodes-title = خوادم المؤسسات
nodes-intro = يرسل كل خادم مثبت في مؤسسة بلا شبكة عمل تلاميذها إلى المنصة، موقعا بمفتاحه الخاص.
nodes-new = تسجيل خادم
nodes-back = العودة إلى الخوادم
nodes-empty = لا يوجد أي خادم مسجل في نطاقك.
nodes-registered = تم تسجيل الخادم.
nodes-revoked = تم إلغاء الخادم: سترفض المنصة من الآن ما يرسله.
nodes-col-key = المفتاح
nodes-col-registered = سجله
nodes-col-contact = آخر اتصال
nodes-col-pack = الحزمة
nodes-col-backlog = في الانتظار
nodes-col-version = الإصدار
accounts-made-on-platform = لا تُنشأ الحسابات على خادم المؤسسة: تُنشأ على المنصة وتصل إلى هنا مع الحزمة أو المزامنة القادمة.
nodes-col-set-aside = موضوعة جانبا
nodes-set-aside-hint = إجابات وتعديلات حسابات أرسلتها هذه العقدة لكنها تخص أشخاصا خارج مؤسستها (تلميذ انتقل إلى مؤسسة أخرى، حساب غير معروف في المنصة) أو حسابات تتجاوز صلاحياتها المؤسسة: محفوظة جانبا ولم تُطبَّق.
nodes-field-name = اسم الخادم
nodes-field-key = المفتاح العمومي للخادم
nodes-key-hint = الأحرف الست عشرية الأربعة والستون التي يعرضها الأمر « lawha node init » على الخادم.
nodes-register = تسجيل
nodes-revoke = إلغاء هذا الخادم
nodes-revoke-hint = يُلغى الخادم إذا ضاع أو سُرق أو استُبدل. سترفض المنصة كل ما يرسله بعد ذلك، ويبقى في القائمة للتوثيق. الإلغاء نهائي: الخادم البديل يُسجل بمفتاحه الجديد.
nodes-revoked-at = تاريخ الإلغاء
nodes-state-active = نشط
nodes-state-revoked = ملغى
nodes-state-never = لم يتصل قط
nodes-state-silent = { $days ->
    [one] لا اتصال منذ يوم
    [two] لا اتصال منذ يومين
    [few] لا اتصال منذ { $days } أيام
    [many] لا اتصال منذ { $days } يوما
   *[other] لا اتصال منذ { $days } يوم
}
nodes-silent-hint = { $days ->
    [one] يُنبه إلى الخادم الذي لم يتصل منذ أكثر من يوم.
    [two] يُنبه إلى الخادم الذي لم يتصل منذ أكثر من يومين.
    [few] يُنبه إلى الخادم الذي لم يتصل منذ أكثر من { $days } أيام.
    [many] يُنبه إلى الخادم الذي لم يتصل منذ أكثر من { $days } يوما.
   *[other] يُنبه إلى الخادم الذي لم يتصل منذ أكثر من { $days } يوم.
}
ago-minutes = { $count ->
    [zero] الآن
    [one] منذ دقيقة
    [two] منذ دقيقتين
    [few] منذ { $count } دقائق
    [many] منذ { $count } دقيقة
   *[other] منذ { $count } دقيقة
}
ago-hours = { $count ->
    [one] منذ ساعة
    [two] منذ ساعتين
    [few] منذ { $count } ساعات
    [many] منذ { $count } ساعة
   *[other] منذ { $count } ساعة
}
ago-days = { $count ->
    [one] منذ يوم
    [two] منذ يومين
    [few] منذ { $count } أيام
    [many] منذ { $count } يوما
   *[other] منذ { $count } يوم
}
err-key-not-hex = لا يضم المفتاح إلا الأرقام والحروف من a إلى f.
err-key-length = يتكون المفتاح من 64 حرفا بالضبط.
err-key-taken = هذا المفتاح مسجل من قبل لخادم آخر.
# Save for offline (issue 16): the button, the Saved page, the offline scripts' strings.
nav-saved = دون اتصال
offline-open-saved = افتح ما حُفظ على هذا الهاتف
offline-save-size = حفظ للاستعمال دون اتصال ({ $size })
offline-size-mb = { $n } ميغابايت
offline-size-kb = { $n } كيلوبايت
saved-title = المحفوظ على هذا الهاتف
saved-needs-javascript = حفظ الدروس للاستعمال دون اتصال يحتاج إلى JavaScript.
saved-empty = لم يُحفظ أي شيء على هذا الهاتف بعد. افتح درسا واضغط على «حفظ للاستعمال دون اتصال».
saved-revision = للمراجعة
offline-js-save = حفظ للاستعمال دون اتصال
offline-js-saving = جارٍ الحفظ… { $percent }٪
offline-js-saved = محفوظ على هذا الهاتف
offline-js-save-failed = تعذّر الحفظ. أعد المحاولة عند عودة الاتصال.
offline-js-resume = استئناف الحفظ
offline-js-delete = حذف
offline-js-open = فتح
offline-js-deleted = حُذف من هذا الهاتف
offline-js-space = المستعمل: { $used }، المتبقي: { $left }
offline-js-quiz-not-saved = الفروض لا تُحفظ للاستعمال دون اتصال: أنجزها وأنت متصل.
offline-js-revision-title = للمراجعة
offline-js-offline = أنت غير متصل بالإنترنت.
offline-js-back-online = عاد الاتصال.
offline-js-waiting = { $n ->
    [zero] لا توجد إجابات تنتظر الإرسال
    [one] إجابة واحدة تنتظر الإرسال
    [two] إجابتان تنتظران الإرسال
    [few] { $n } إجابات تنتظر الإرسال
    [many] { $n } إجابةً تنتظر الإرسال
   *[other] { $n } إجابة تنتظر الإرسال
}
offline-js-signout-unsent = { $n ->
    [zero] لا توجد إجابات لم تُرسل بعد. هل تريد الخروج؟
    [one] إجابة واحدة لم تُرسل بعد وستضيع. هل تريد الخروج رغم ذلك؟
    [two] إجابتان لم تُرسلا بعد وستضيعان. هل تريد الخروج رغم ذلك؟
    [few] { $n } إجابات لم تُرسل بعد وستضيع. هل تريد الخروج رغم ذلك؟
    [many] { $n } إجابةً لم تُرسل بعد وستضيع. هل تريد الخروج رغم ذلك؟
   *[other] { $n } إجابة لم تُرسل بعد وستضيع. هل تريد الخروج رغم ذلك؟
}
offline-js-refused = { $n ->
    [zero] لم تُرفض أي إجابة أُنجزت دون اتصال.
    [one] رُفضت إجابة واحدة أُنجزت دون اتصال (لم يعد التمرين يقبلها): أجب مرة أخرى وأنت متصل.
    [two] رُفضت إجابتان أُنجزتا دون اتصال (لم يعد التمرين يقبلهما): أجب مرة أخرى وأنت متصل.
    [few] رُفضت { $n } إجابات أُنجزت دون اتصال (لم يعد التمرين يقبلها): أجب مرة أخرى وأنت متصل.
    [many] رُفضت { $n } إجابةً أُنجزت دون اتصال (لم يعد التمرين يقبلها): أجب مرة أخرى وأنت متصل.
   *[other] رُفضت { $n } إجابة أُنجزت دون اتصال (لم يعد التمرين يقبلها): أجب مرة أخرى وأنت متصل.
}
offline-js-answer-saved-offline = حُفظ على هذا الهاتف، وسيُرسل عند عودة الاتصال.

## Getting back in (forgot password, one-time codes, unlock)
login-forgot = نسيت كلمة المرور؟
login-have-code = لدي رمز يستعمل مرة واحدة
login-reset-done = تم تغيير كلمة المرور. سجل الدخول بكلمة المرور الجديدة.
forgot-title = نسيت كلمة المرور
forgot-intro = أدخل البريد الإلكتروني لحسابك. إذا وُجد حساب بهذا العنوان، ستتلقى رابطا لاختيار كلمة مرور جديدة.
forgot-email = البريد الإلكتروني
forgot-submit = أرسل لي رابطا
forgot-sent = إذا وُجد حساب بهذا العنوان، فقد أُرسل إليه رابط الآن. الرابط صالح 30 دقيقة ولمرة واحدة. تفقد أيضا مجلد الرسائل غير المرغوب فيها.
forgot-throttled = طلبات كثيرة جدا لهذا العنوان أو من هذا الاتصال. أعد المحاولة بعد ساعة.
forgot-not-an-email = أدخل عنوان بريد إلكتروني.
forgot-mail-off = إرسال الرسائل الإلكترونية غير متاح في هذه الخدمة. اتصل بمؤسستك: يمكنها إعادة تعيين كلمة مرورك.
forgot-pupils-title = هل أنت تلميذ؟
forgot-pupils-intro = ليس للتلاميذ بريد إلكتروني: اطلب رمزا يستعمل مرة واحدة من أحد هؤلاء.
forgot-pupils-teacher = أستاذك؛
forgot-pupils-parent = وليّ أمرك، إذا كان حسابه مرتبطا بحسابك؛
forgot-pupils-school = إدارة مؤسستك؛
forgot-pupils-hotline = خط المساعدة الهاتفي للمنصة.
forgot-have-code = تلقيت رمزا: اختيار كلمة مرور جديدة
forgot-back = العودة إلى تسجيل الدخول
reset-title = اختيار كلمة مرور جديدة
reset-submit = حفظ كلمة المرور الجديدة
reset-invalid = هذا الرابط لم يعد صالحا: سبق استعماله، أو انتهت صلاحيته، أو تغيرت كلمة المرور منذ إرساله.
reset-ask-again = طلب رابط جديد
code-title = الدخول برمز
code-intro = أدخل رمز التلميذ، والرمز الذي يستعمل مرة واحدة الذي أعطاك إياه أستاذك أو وليّ أمرك أو مؤسستك، ثم اختر كلمة مرورك الجديدة.
code-pupil-code = رمز التلميذ
code-one-time = الرمز الذي يستعمل مرة واحدة
code-submit = اعتماد كلمة المرور هذه والدخول
code-refused = هذا الرمز غير صالح: تحقق منه أو اطلب رمزا جديدا.
help-link = المساعدة على الدخول من جديد
help-title = المساعدة على الدخول من جديد
help-failures = محاولات الدخول الفاشلة (24 ساعة)
help-code-issued = رمز يستعمل مرة واحدة
help-code-instructions = { $hours ->
    [one] أعط هذا الرمز للتلميذ: صالح لمدة ساعة ولمرة واحدة، في صفحة «الدخول برمز». لن يُعرض مرة أخرى.
    [two] أعط هذا الرمز للتلميذ: صالح لمدة ساعتين ولمرة واحدة، في صفحة «الدخول برمز». لن يُعرض مرة أخرى.
    [few] أعط هذا الرمز للتلميذ: صالح لمدة { $hours } ساعات ولمرة واحدة، في صفحة «الدخول برمز». لن يُعرض مرة أخرى.
    [many] أعط هذا الرمز للتلميذ: صالح لمدة { $hours } ساعة ولمرة واحدة، في صفحة «الدخول برمز». لن يُعرض مرة أخرى.
   *[other] أعط هذا الرمز للتلميذ: صالح لمدة { $hours } ساعة ولمرة واحدة، في صفحة «الدخول برمز». لن يُعرض مرة أخرى.
}
help-code-title = إعطاء رمز يستعمل مرة واحدة
help-code-hint = يستعمله التلميذ لاختيار كلمة مرور جديدة. يُسجَّل كل رمز يُعطى (من أعطاه، ولمن، ومتى).
help-code-submit = إنشاء رمز
help-unlock-title = رفع إبطاء تسجيل الدخول
help-unlock-hint = بعد المحاولات الفاشلة، على كل محاولة جديدة أن تنتظر. امحُ هذه المحاولات إذا تأكدت أن صاحب الحساب هو من يحاول.
help-unlock-submit = محو المحاولات الفاشلة
help-unlocked = تم محو محاولات الدخول الفاشلة.
mail-reset-subject = لوحة: اختيار كلمة مرور جديدة
mail-reset-body = مرحبا { $name }،

    طلب أحدهم تغيير كلمة مرور حسابك في لوحة. لاختيار كلمة مرور جديدة، افتح هذا الرابط (صالح { $minutes ->
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
       *[other] { $minutes } دقيقة
    } ولمرة واحدة):

    { $link }

    إذا لم تطلب شيئا، فتجاهل هذه الرسالة: كلمة مرورك لم تتغير.

## Live sessions (issue 17)
nav-live = الأقسام الافتراضية
live-title = جدول حصصي المباشرة
live-unavailable = الأقسام الافتراضية غير متاحة على هذه المنصة: لم يتم إعداد أي خادم للمؤتمرات المرئية.
live-unavailable-schedule = الأقسام الافتراضية غير متاحة هنا حاليا؛ يمكنك مع ذلك برمجة الحصص.
live-schedule = برمجة حصة
live-now = مباشر الآن
live-none-now = لا توجد حصة جارية.
live-coming = الحصص المقبلة
live-none-coming = لا توجد حصص مبرمجة.
live-past = الحصص السابقة
live-you-host = أنت المنشط
live-back = العودة إلى الجدول
live-back-to-session = العودة إلى الحصة
live-field-title = العنوان
live-field-kind = لمن
live-kind-class = قسم أو فوج
live-kind-programme = أفواج شعبة في المؤسسة
live-kind-staff = اجتماع للأطر
live-field-class = القسم أو الفوج
live-field-school = المؤسسة
live-field-programme = رمز الشعبة
live-field-invite-role = الدور المدعو
live-field-invite-scope = نطاق المدعوين
live-field-date = التاريخ
live-field-start = البداية
live-field-end = النهاية
live-field-repeat = التكرار
live-repeat-once = مرة واحدة
live-repeat-weekly = كل أسبوع
live-field-until = إلى غاية (كل أسبوع)
live-when = الموعد
live-host = ينشطها
live-host-joins = أنت منشط هذه الحصة: تشارك شاشتك وميكروفونك.
live-mode = طريقة المتابعة
live-mode-screen-and-sound = الشاشة والصوت (بدون كاميرات)
live-mode-sound-only = الصوت فقط
live-mode-full = الكاميرات والشاشة والصوت
live-join = الالتحاق
live-over = انتهت هذه الحصة.
live-opens-at = يفتح الالتحاق على الساعة { $time }.
live-end = إنهاء الحصة للجميع
live-attendance = الحضور
live-nobody-yet = لم يلتحق أحد بعد.
live-col-first-join = الالتحاق
live-col-last-leave = المغادرة
live-col-duration = المدة
live-col-minutes = الدقائق
live-col-stayed = إلى النهاية
live-stayed = إلى النهاية
live-incomplete-report = أبلغ الخادم عن مغادرات دون التحاق: قد تكون اللائحة ناقصة.
live-attendance-csv = تحميل الحضور (CSV)
live-recordings = التسجيلات
live-no-recordings = لا توجد تسجيلات.
live-recording-pending = في الانتظار
live-recording-converting = قيد التحويل
live-recording-ready = جاهز
live-recording-failed = فشل التحويل
live-recording-capsule = كبسولة مسودة
live-enter-room = دخول القاعة
live-player-missing = مشغل الأقسام الافتراضية غير مثبت على هذا الخادم: لا يمكن فتح القاعة داخل الصفحة.
live-status-connecting = جارٍ الاتصال بالقاعة…
live-status-live = مباشر.
live-status-waiting = المنشّط لم يحضر بعد: تبدأ الحصة حين يشارك شاشته.
live-status-ended = انتهت الحصة.
live-status-failed = تعذّر الاتصال بالقاعة. أعد تحميل الصفحة للمحاولة من جديد.
live-status-unsupported = هذا المتصفح لا يتيح متابعة قسم افتراضي.
live-status-share-refused = تم رفض مشاركة الشاشة أو توقفت.
live-status-sharing = مباشر: شاشتك وميكروفونك مشتركان.
live-status-not-sharing = مباشر: شاشتك غير مشتركة.
live-mic-mute = كتم الميكروفون
live-mic-unmute = تشغيل الميكروفون
live-share-stop = إيقاف مشاركة الشاشة
live-share-start = مشاركة الشاشة
live-needs-script = لمتابعة الحصة داخل الصفحة، فعّل JavaScript.
live-join-closed = الالتحاق بهذه الحصة غير مفتوح الآن: يفتح قبل البداية ببضع دقائق ويغلق عند النهاية.
live-engine-down = خدمة الأقسام الافتراضية لا تستجيب. أعد المحاولة بعد قليل؛ الحصة والحضور محفوظان.
live-engine-refused = رفضت خدمة الأقسام الافتراضية الطلب. أعد المحاولة بعد قليل؛ الحصة محفوظة.
live-no-such-room = قاعة هذه الحصة لم تعد موجودة على خدمة الأقسام الافتراضية.
live-invalid = رفضت خدمة الأقسام الافتراضية قيمة ما.
live-files = تعذرت قراءة أو كتابة ملف لخدمة الأقسام الافتراضية.
live-conversion-failed = فشل تحويل التسجيل؛ التسجيل الخام محفوظ.
live-callback-refused = تم رفض رسالة من خدمة الأقسام الافتراضية.
live-unsupported = لا تقدّم خدمة الأقسام الافتراضية تسجيلاتها في ملف فيديو واحد: تعذّر إنشاء الكبسولة.
live-recording-no-lesson = لا يوجد درس يستقبل هذا التسجيل (اجتماع للموظفين، أو المنشّط لا يدرّس أي مادة لهذا القسم).
live-recording-interrupted = توقّف التحويل (توقّف الخادم)؛ يمكنك إعادة المحاولة.
live-store = تعذّر تسجيل التسجيل في قاعدة البيانات؛ يمكنك إعادة المحاولة.
live-media = رفضت سلسلة معالجة الفيديو ملف التسجيل.
live-recording-failed-other = فشل تحويل التسجيل.
live-recording-retry = إعادة محاولة التحويل
live-recording-not-failed = هذا التسجيل ليس في حالة فشل: لا شيء لإعادة محاولته.
home-live = الأقسام الافتراضية
home-live-now = مباشر: { $title }
home-live-next = الحصة المقبلة: { $title }، { $when }
home-live-none = لا توجد حصص مبرمجة.
class-live-attendance = الحضور في الأقسام الافتراضية (آخر 30 يوما)
class-live-held = الحصص المنعقدة
class-live-attended = الحصص المتابعة
err-in-the-past = هذا التاريخ قد مضى.
err-end-not-after-start = يجب أن تأتي النهاية بعد البداية.
err-until-before-start = تاريخ نهاية السلسلة يسبق الحصة الأولى.
err-series-too-long = لا يمكن أن تتجاوز السلسلة سنة.
err-no-invitees = هذا الاجتماع لا يدعو أحدا.
err-not-staff = اجتماع الأطر لا يدعو إلا الأطر.
err-too-many = دعوات كثيرة جدا.
err-session-overlap = أنت تنشط حصة أخرى في هذا الوقت.
err-not-yours = لا يمكنك برمجة حصة لهذه الفئة.
err-unknown-programme = شعبة غير معروفة.
err-not-a-programme-establishment = هذه المؤسسة ليست لها شعب.
err-not-the-scheduler = أنت من ينشط الحصص التي تبرمجها.

## Help centre (issue 18)
hc-title = مركز المساعدة
hc-intro = أجوبة قصيرة عن الأسئلة المتكررة: تسجيل الدخول، والاقتصاد في البيانات، واستعمال لوحة دون اتصال.
hc-search-label = البحث في المساعدة
hc-suggest-heading = قد تساعدك هذه المقالات:
hc-found = { $count ->
    [zero] لم يُعثر على أي مقال
    [one] عُثر على مقال واحد
    [two] عُثر على مقالين
    [few] عُثر على { $count } مقالات
    [many] عُثر على { $count } مقالًا
   *[other] عُثر على { $count } مقال
}
hc-nothing = لا يوجد مقال مطابق. جرّب كلمات أخرى.
hc-empty = لا توجد مقالات حاليًا.
hc-more-help = لم تجد ما تبحث عنه؟ يمكن أن يساعدك أستاذك أو مؤسستك أو خط المساعدة.
hc-draft = مسودة
hc-draft-notice = مسودة: لا يرى هذا المقال إلا من يحررون المساعدة.
hc-back = مركز المساعدة
hc-new = مقال جديد
hc-edit = تعديل هذا المقال
hc-new-title = مقال مساعدة جديد
hc-edit-title = تعديل مقال المساعدة
hc-save = حفظ
hc-marks-hint = نص بسيط: سطر فارغ بين الفقرات، و«##» قبل العنوان، و«-» قبل كل عنصر من القائمة، و**كلمات** بخط عريض.
hc-field-slug = العنوان في الرابط (حروف لاتينية وأرقام وشرطات)
hc-field-topic = الموضوع
hc-field-title_ar = العنوان بالعربية
hc-field-title_fr = العنوان بالفرنسية
hc-field-body_ar = النص بالعربية
hc-field-body_fr = النص بالفرنسية
hc-field-published = منشور (يراه الجميع)
hc-topic-sign-in = تسجيل الدخول
hc-topic-data-saver = الاقتصاد في البيانات
hc-topic-offline = دون اتصال
hc-topic-video = الفيديوهات
hc-topic-exercises = التمارين
hc-topic-other = أسئلة أخرى
login-help-centre = مركز المساعدة
login-browse = تصفح الدروس والكبسولات دون تسجيل الدخول
err-invalid-slug = عنوان غير صالح: حروف لاتينية صغيرة وأرقام وشرطات (حرفان على الأقل).
slips-print = طباعة بطاقات الدخول (PDF)
slips-hint = بطاقة لكل تلميذ، مع رمز جديد يستعمل مرة واحدة. يُسجَّل كل رمز يُعطى.
slips-pupil-code = رمز التلميذ
slips-one-time-code = رمز يستعمل مرة واحدة
slips-note = { $hours ->
    [one] في لوحة، «لدي رمز يستعمل مرة واحدة»: صالح لمدة ساعة ولمرة واحدة.
    [two] في لوحة، «لدي رمز يستعمل مرة واحدة»: صالح لمدة ساعتين ولمرة واحدة.
    [few] في لوحة، «لدي رمز يستعمل مرة واحدة»: صالح لمدة { $hours } ساعات ولمرة واحدة.
   *[other] في لوحة، «لدي رمز يستعمل مرة واحدة»: صالح لمدة { $hours } ساعة ولمرة واحدة.
}
## Families (issue 18): a parent's page for a child, the weekly summary
child-title = تتبع ابني أو ابنتي
child-download-csv = تنزيل الملخص (CSV)
child-print-hint = لطباعته أو حفظه بصيغة PDF، اطبع هذه الصفحة.
child-week = هذا الأسبوع
child-period = من { $from } إلى { $to }
child-capsules-watched = الكبسولات المشاهدة
child-answers = الإجابات عن التمارين
child-answers-right = الإجابات الصحيحة
child-capsules-watched-n = { $count ->
    [zero] لم يشاهد أي كبسولة
    [one] كبسولة واحدة مشاهدة
    [two] كبسولتان مشاهدتان
    [few] { $count } كبسولات مشاهدة
    [many] { $count } كبسولةً مشاهدة
   *[other] { $count } كبسولة مشاهدة
}
child-answers-n = { $count ->
    [zero] لا توجد إجابات عن التمارين
    [one] إجابة واحدة عن التمارين
    [two] إجابتان عن التمارين
    [few] { $count } إجابات عن التمارين
    [many] { $count } إجابةً عن التمارين
   *[other] { $count } إجابة عن التمارين
}
child-answers-right-n = { $count ->
    [zero] لا توجد إجابة صحيحة
    [one] إجابة واحدة صحيحة
    [two] إجابتان صحيحتان
    [few] { $count } إجابات صحيحة
    [many] { $count } إجابةً صحيحة
   *[other] { $count } إجابة صحيحة
}
child-assignments = الأعمال المطلوبة
child-no-assignments = لا توجد أعمال مطلوبة حاليا.
child-col-work = العمل
child-col-due = آخر أجل
child-col-state = الحالة
child-assignment-done = منجز
child-assignment-open = للإنجاز
child-assignment-late = متأخر
child-mastery = التمكن حسب المادة (الدروس)
child-no-mastery = لا توجد دروس متابعة بعد.
child-col-subject = المادة
child-results = النتائج الأخيرة
child-no-results = لا توجد نتائج بعد.
child-col-set = التمارين
child-col-answers = الإجابات
child-col-mean = المعدل
child-col-last = آخر مرة
child-live = الحصص المباشرة القادمة
child-csv-section = القسم
child-csv-what = العنصر
child-csv-value = القيمة
child-csv-date = التاريخ
mail-weekly-subject = لوحة: أسبوع أبنائكم
mail-weekly-hello = مرحبا { $name }،

    إليكم ما أنجزه أبناؤكم على لوحة خلال الأيام السبعة الأخيرة.
mail-weekly-period = من { $from } إلى { $to }
mail-weekly-more = التفاصيل:
mail-weekly-footer = تتوصلون بهذه الرسالة كل أسبوع لأن مؤسسة ابنكم ربطت حسابكم بحسابه.

## Announcements (issue 18)
ann-title = الإعلانات
ann-new = إعلان جديد
ann-for-you = موجهة إليك
ann-none = لا توجد إعلانات حاليا.
ann-new-tag = جديد
ann-posted = إعلاناتك
ann-none-posted = لم تنشر أي إعلان.
ann-col-title = العنوان
ann-col-date = تاريخ النشر
ann-col-reach = القراءة
ann-reach = قرأه { $read } من أصل { $concerned }
ann-until = إلى غاية { $date }
ann-place = المعنيون
ann-level = المستوى أو الشعبة
ann-all-levels = الكل
ann-audience = الفئة
ann-audience-everyone = الجميع
ann-audience-staff = الأطر فقط
ann-audience-learners = التلاميذ والمتدربون فقط
ann-title-ar = العنوان بالعربية
ann-body-ar = النص بالعربية
ann-title-fr = العنوان بالفرنسية
ann-body-fr = النص بالفرنسية
ann-ends-on = آخر يوم (اختياري)
ann-post = نشر
home-announcements = الإعلانات

app-name = لوحة
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
error-bad-request = الطلب غير صالح.
error-internal = حدث خطأ داخلي. حاول لاحقا.
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
login-submit = دخول
login-missing = أدخل المعرف وكلمة المرور.
login-failed = المعرف أو كلمة المرور غير صحيحة.
login-throttled = محاولات فاشلة كثيرة جدا. حاول بعد 15 دقيقة.

## Home
home-title = الرئيسية
home-welcome = مرحبا، { $name }
home-your-roles = أدوارك
home-my-class = قسمي
home-no-class = لست مسجلا(ة) في أي قسم حاليا.
home-pupil-next = ستظهر هنا الكبسولات والتمارين الخاصة بمستواك.
home-my-classes = أقسامي
home-no-taught = لم يسند إليك أي قسم بعد.
home-my-children = أبنائي
home-no-children = لا يوجد أي ابن مرتبط بحسابك. اتصل بالمؤسسة.
home-admin = نطاق صلاحياتك
home-role-volunteer_tutor = المرافقة التطوعية: ستصل طلبات مساعدة التلاميذ إلى هنا.
home-role-producer = الإنتاج: ستتوفر إدارة الكبسولات هنا.
home-role-support_agent = الدعم: ستصل التذاكر وتدبير اللوحات الإلكترونية إلى هنا.

## Columns
col-name = الاسم
col-login = المعرف
col-class = القسم
col-classes = الأقسام
col-school = المؤسسة
col-schools = المؤسسات
col-pupils = التلاميذ
col-teachers = الأساتذة
roster-empty = لا يضم هذا القسم أي تلميذ بعد.
roster-count = { $count } تلميذ(ة)

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

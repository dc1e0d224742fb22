# The hotline (issue 18): tickets, agents' queues, audit log, service levels.
nav-hotline = الدعم
ticket-report-problem = الإبلاغ عن مشكلة
ticket-home-queue = فتح قائمة التذاكر
ticket-file-title = طلب المساعدة
ticket-file-intro = صف مشكلتك: سيجيبك فريق الدعم هنا. لا تعط كلمة المرور أبدا.
ticket-file-about-capsule = يخص هذا البلاغ الكبسولة التي كنت تشاهدها، وسيحال إلى صاحبها.
ticket-file-about-set = يخص هذا البلاغ سلسلة التمارين التي كنت تنجزها، وسيحال إلى صاحبها.
ticket-category = الصنف
ticket-category-choose = اختر…
ticket-category-cannot_sign_in = لا أستطيع تسجيل الدخول
ticket-category-video = الفيديو لا يشتغل
ticket-category-connection = البيانات أو الاتصال
ticket-category-content = خطأ في كبسولة أو تمرين
ticket-category-device = الجهاز أو اللوحة
ticket-category-other = أخرى
ticket-contact = رمز التلميذ أو رقم هاتفك
ticket-contact-hint = ليتمكن الفريق من الوصول إليك، مثلا J130012345 أو 06 12 34 56 78.
ticket-contact-pupil_code = رمز التلميذ المذكور
ticket-contact-phone = الهاتف المذكور
ticket-subject = الموضوع
ticket-description = الوصف
ticket-file-submit = إرسال الطلب
ticket-throttled = أُرسلت طلبات كثيرة من هذا الاتصال. أعد المحاولة بعد ساعة.
ticket-follow-title = طلب المساعدة الخاص بك
ticket-filed = سُجل طلبك.
ticket-filed-keep = احتفظ بهذا الرابط: إنه الوسيلة الوحيدة لمتابعة الجواب.
ticket-state = الحالة
ticket-state-open = جديد
ticket-state-taken = قيد المعالجة
ticket-state-waiting = في انتظار جوابك
ticket-state-escalated = أحيل إلى الإدارة
ticket-state-resolved = تمت المعالجة
ticket-state-unresolved = غير المعالجة
ticket-filed-on = تاريخ الإيداع
ticket-messages = { $count ->
    [zero] لا رسائل
    [one] رسالة واحدة
    [two] رسالتان
    [few] { $count } رسائل
    [many] { $count } رسالة
   *[other] { $count } رسالة
}
ticket-from-hotline = الدعم
ticket-from-you = أنت
ticket-from-filer = صاحب الطلب
ticket-answer = جوابك
ticket-answer-submit = الرد
ticket-queue-title = قائمة التذاكر
ticket-escalated-title = التذاكر المحالة
ticket-reports-title = البلاغات عن محتوياتي
ticket-all = الكل
ticket-filter = تصفية
ticket-none = لا توجد تذاكر.
ticket-count = { $count ->
    [zero] لا تذاكر
    [one] تذكرة واحدة
    [two] تذكرتان
    [few] { $count } تذاكر
    [many] { $count } تذكرة
   *[other] { $count } تذكرة
}
ticket-title = تذكرة
ticket-requester = صاحب الطلب
ticket-requester-role = الدور
ticket-requester-class = القسم
ticket-requester-last-sign-in = آخر دخول
ticket-requester-slowed = تباطؤ الدخول
ticket-requester-failures = { $count ->
    [zero] نعم
    [one] نعم: محاولة فاشلة حديثة
    [two] نعم: محاولتان فاشلتان حديثتان
    [few] نعم: { $count } محاولات فاشلة حديثة
    [many] نعم: { $count } محاولة فاشلة حديثة
   *[other] نعم: { $count } محاولة فاشلة حديثة
}
ticket-requester-unverified = الطلب من زائر غير متصل: رمز التلميذ مجرد تصريح. تحقق ممن يتصل (القسم، الأستاذ، المؤسسة) قبل إعطاء رمز أو رفع التباطؤ.
ticket-requester-not-slowed = لا
ticket-give-code = إعطاء رمز صالح لمرة واحدة
ticket-unlock = رفع التباطؤ
ticket-reset-link = إعادة إرسال رابط إعادة التعيين
ticket-take = تولي هذه التذكرة
ticket-respond = الرد
ticket-canned = الانطلاق من رد جاهز:
ticket-canned-code-from-teacher = مرحبا، يمكن لأستاذك أو لمؤسستك أن يعطيك رمزا صالحا لمرة واحدة لتعود إلى حسابك. أدخله في صفحة «لدي رمز».
ticket-canned-data-saver = مرحبا، فعّل موفر البيانات في ملفك الشخصي: تُحمَّل الفيديوهات حينئذ بجودة منخفضة أو بالصوت فقط.
ticket-canned-offline = مرحبا، يمكنك حفظ درس للاطلاع عليه دون اتصال بزر «حفظ».
ticket-canned-restart-device = مرحبا، أعد تشغيل الجهاز ثم حاول من جديد. إن استمر المشكل، أخبرنا بطراز الجهاز.
ticket-canned-need-details = مرحبا، هل يمكنك أن تخبرنا بالمزيد: ماذا كنت تفعل، وما الرسالة التي ظهرت؟
ticket-canned-forwarded = مرحبا، أحيل طلبك إلى مؤسستك، وستعود إليك.
ticket-message = الرسالة
ticket-reply = إرسال
ticket-ask = طلب معلومات
ticket-resolve = إنهاء المعالجة
ticket-escalate = الإحالة
ticket-escalate-to = إلى من
ticket-escalate-school = إدارة المؤسسة
ticket-escalate-region = الأكاديمية الجهوية
ticket-escalate-submit = إحالة
ticket-done-take = التذكرة لك الآن.
ticket-done-respond = أُرسلت الرسالة.
ticket-done-escalate = أحيلت التذكرة.
ticket-done-unlock = رُفع تباطؤ الدخول.
ticket-done-reset-link = رابط إعادة التعيين في طريقه بالبريد الإلكتروني.
ticket-no-email = ليس لهذا الحساب بريد إلكتروني.
ticket-mail-off = إرسال البريد الإلكتروني غير مهيأ.
ticket-action-take = تولى التذكرة
ticket-action-reply = رد
ticket-action-ask_information = طلب معلومات
ticket-action-resolve = أنهى المعالجة
ticket-action-escalate = أحال
ticket-action-unlock = رفع التباطؤ
ticket-action-one_time_code = أعطى رمزا صالحا لمرة واحدة
ticket-action-resend_link = أعاد إرسال رابط
ticket-audit-title = سجل أعمال الدعم
ticket-audit-intro = كل عمل قام به الأعوان: من، ماذا، لمن، متى.
ticket-audit-empty = لم يُسجل أي عمل.
ticket-audit-count = { $count ->
    [zero] لا أعمال
    [one] عمل واحد
    [two] عملان
    [few] { $count } أعمال
    [many] { $count } عملا
   *[other] { $count } عمل
}
ticket-audit-when = متى
ticket-audit-who = من
ticket-audit-what = ماذا
ticket-audit-whom = لمن
ticket-audit-region = الجهة
ticket-levels-title = مستويات خدمة الدعم
ticket-levels-intro = { $days ->
    [one] التذاكر المودعة في اليوم الأخير؛ يشمل المخزون كل التذاكر غير المعالجة.
    [two] التذاكر المودعة في اليومين الأخيرين؛ يشمل المخزون كل التذاكر غير المعالجة.
    [few] التذاكر المودعة في الأيام { $days } الأخيرة؛ يشمل المخزون كل التذاكر غير المعالجة.
    [many] التذاكر المودعة في { $days } يوما الأخيرة؛ يشمل المخزون كل التذاكر غير المعالجة.
   *[other] التذاكر المودعة في { $days } يوم الأخيرة؛ يشمل المخزون كل التذاكر غير المعالجة.
}
ticket-levels-table = حسب الجهة والصنف
ticket-levels-filed = المودعة
ticket-levels-open = غير المعالجة
ticket-levels-first-response = أول رد (المعدل)
ticket-levels-resolution = المعالجة (المعدل)
ticket-levels-empty = لا توجد تذاكر.
ticket-levels-backlog-chart = التذاكر غير المعالجة حسب الصنف
ticket-levels-backlog-chart-desc = عدد التذاكر غير المعالجة في كل صنف.
ticket-minutes = { $count ->
    [zero] أقل من دقيقة
    [one] دقيقة واحدة
    [two] دقيقتان
    [few] { $count } دقائق
    [many] { $count } دقيقة
   *[other] { $count } دقيقة
}
ticket-hours = { $count ->
    [one] ساعة واحدة
    [two] ساعتان
    [few] { $count } ساعات
    [many] { $count } ساعة
   *[other] { $count } ساعة
}
ticket-days = { $count ->
    [one] يوم واحد
    [two] يومان
    [few] { $count } أيام
    [many] { $count } يوما
   *[other] { $count } يوم
}
err-invalid-phone = أدخل رقما مغربيا، مثلا 06 12 34 56 78، أو رمز التلميذ.

# The hotline's remaining parts (issue 18): playback errors on a ticket, links from the
# dashboards.
ticket-playback-errors = أخطاء التشغيل الأخيرة
ticket-playback-errors-none = لم يُبلَّغ عن أي خطأ في التشغيل.
ticket-playback-capsule = الكبسولة
ticket-playback-code = الخطأ
ticket-playback-rendition = الجودة
ticket-playback-when = متى
playback-error-aborted = توقف التحميل
playback-error-network = انقطعت الشبكة أثناء التحميل
playback-error-decode = تعذرت قراءة الفيديو (فك الترميز)
playback-error-unsupported = صيغة لا يدعمها الجهاز
playback-error-hls_network = الشبكة: قائمة أو مقطع غير موجود
playback-error-hls_media = المشغل: خطأ في ذاكرة الفيديو المؤقتة
playback-error-hls_other = المشغل: خطأ آخر
playback-rendition-auto = تلقائية
playback-rendition-lowest = الأخف
playback-rendition-audio = الصوت فقط
playback-rendition-mp4 = MP4 (دون برنامج نصي)
playback-rendition-saved = محفوظة دون اتصال
dash-hotline = المساعدة

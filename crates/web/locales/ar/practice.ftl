# Self-correction in practice: a hint first, the answer after a second try or on request.
practice-hint-title = تلميح
practice-no-hint = لا يوجد تلميح لهذا السؤال: أعد قراءته وحاول مرة أخرى.
practice-right-answer = الجواب الصحيح
practice-answer-later = سيظهر الجواب الصحيح بعد محاولة ثانية خاطئة، أو إذا طلبته.
practice-show-answer = اعرض الجواب
practice-try-again = حاول مرة أخرى
practice-counts-tomorrow = في التمكن، تُحتسب أول إجابة في كل يوم: عد غدًا لتُظهر أنك حفظته.
practice-err-quiz-answer = لا يعرض هذا الاختبار أجوبته عند الطلب.
practice-err-answer-first = أجب عن السؤال أولًا.
